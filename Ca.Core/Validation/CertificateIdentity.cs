using Ca.Core.Common;
using Org.BouncyCastle.X509;

namespace Ca.Core.Validation;

/// <summary>How a certificate is named in a report: enough for a person to recognise it and for a program to look it up.</summary>
/// <param name="Subject">Subject DN (RFC 4514-like, UTF-8).</param>
/// <param name="SerialNumber">Serial in canonical hex.</param>
/// <param name="Issuer">Issuer DN.</param>
/// <param name="NotBefore">Validity start.</param>
/// <param name="NotAfter">Validity end.</param>
public sealed record CertificateIdentity(string Subject, string SerialNumber, string Issuer, DateTimeOffset NotBefore, DateTimeOffset NotAfter)
{
    /// <summary>Describes a certificate.</summary>
    public static CertificateIdentity From(X509Certificate certificate) => new(
        certificate.SubjectDN.ToString(),
        certificate.SerialNumber.SignValue > 0 ? Common.SerialNumber.From(certificate.SerialNumber).Hex : certificate.SerialNumber.ToString(16),
        certificate.IssuerDN.ToString(),
        new DateTimeOffset(DateTime.SpecifyKind(certificate.NotBefore, DateTimeKind.Utc)),
        new DateTimeOffset(DateTime.SpecifyKind(certificate.NotAfter, DateTimeKind.Utc)));

    /// <summary>Describes a certificate, or null when a malformed one cannot even be named.</summary>
    public static CertificateIdentity? TryFrom(X509Certificate certificate)
    {
        try
        {
            return From(certificate);
        }
        catch (Exception e) when (UntrustedInput.IsDecodingFailure(e))
        {
            return null;
        }
    }
}
