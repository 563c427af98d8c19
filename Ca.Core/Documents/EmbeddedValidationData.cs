using Ca.Core.Validation;
using Org.BouncyCastle.X509;

namespace Ca.Core.Documents;

/// <summary>
/// Validation material a signed document carries (a PDF DSS; XAdES CertificateValues and RevocationValues),
/// turned into evidence for <see cref="SignerValidator"/>: extra certificates for path building, and a
/// revocation checker over the embedded OCSP responses and CRLs whose answers are labelled
/// <see cref="RevocationOrigin.Document"/>. Each answer is judged at the validation time (the time proven by
/// the signature time-stamp), so material fetched at signing time stays proof after the CA's endpoints are
/// gone. Items that do not parse are no evidence and are skipped; one format's reader bounds how many it
/// passes in.
/// </summary>
internal sealed record EmbeddedValidationData(IReadOnlyList<X509Certificate> Certificates, IRevocationChecker? Revocation)
{
    /// <summary>No embedded material.</summary>
    public static EmbeddedValidationData None { get; } = new([], null);

    /// <summary>True when the document carries OCSP responses or CRLs.</summary>
    public bool HasRevocationData => Revocation is not null;

    /// <summary>Parses DER certificates, OCSPResponse structures and CRLs.</summary>
    public static EmbeddedValidationData From(IEnumerable<byte[]> certificates, IEnumerable<byte[]> ocspResponses, IEnumerable<byte[]> crls)
    {
        var parsedCertificates = certificates.Select(TryCertificate).OfType<X509Certificate>().ToList();
        var ocsps = ocspResponses.ToList();
        var parsedCrls = crls.Select(TryCrl).OfType<X509Crl>().ToList();
        // The embedded CRLs also answer for delegated OCSP responders without id-pkix-ocsp-nocheck (RFC 6960 4.2.2.2.1).
        var embeddedCrls = new CrlRevocationChecker(new StaticCrlSource(parsedCrls), parsedCertificates, origin: RevocationOrigin.Document);
        IRevocationChecker? revocation = ocsps.Count + parsedCrls.Count == 0
            ? null
            : new CompositeRevocationChecker(new OcspResponsesRevocationChecker(ocsps, responderStatus: embeddedCrls), embeddedCrls);
        return new EmbeddedValidationData(parsedCertificates, revocation);
    }

    private static X509Certificate? TryCertificate(byte[] der)
    {
        try
        {
            return new X509Certificate(der);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    private static X509Crl? TryCrl(byte[] der)
    {
        try
        {
            return new X509Crl(der);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }
}
