using System.Runtime.CompilerServices;
using Ca.Core.Common;
using Ca.Core.Revocation;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;

namespace Ca.Core.Validation;

/// <summary>The facts of a CRL that RFC 5280 6.3 needs, decoded once and cached per CRL instance.</summary>
internal sealed class ParsedCrl
{
    private static readonly ConditionalWeakTable<X509Crl, ParsedCrl> Cache = new();

    private static readonly HashSet<string> KnownCrlExtensions =
    [
        X509Extensions.AuthorityKeyIdentifier.Id, X509Extensions.IssuerAlternativeName.Id, X509Extensions.CrlNumber.Id,
        X509Extensions.DeltaCrlIndicator.Id, X509Extensions.IssuingDistributionPoint.Id, X509Extensions.FreshestCrl.Id,
    ];

    private static readonly HashSet<string> KnownEntryExtensions =
    [
        X509Extensions.ReasonCode.Id, X509Extensions.InvalidityDate.Id, X509Extensions.CertificateIssuer.Id, X509Extensions.InstructionCode.Id,
    ];

    private ParsedCrl(X509Crl crl)
    {
        Crl = crl;
        IssuerName = crl.IssuerDN;
        var extensions = crl.CertificateList.TbsCertList.Extensions;
        if (extensions?.GetExtension(X509Extensions.IssuingDistributionPoint) is { } idp)
        {
            IssuingDistributionPoint = IssuingDistributionPoint.GetInstance(idp.GetParsedValue());
            ScopeEncoding = idp.Value.GetOctets();
        }
        CrlNumber = extensions?.GetExtension(X509Extensions.CrlNumber) is { } number ? DerInteger.GetInstance(number.GetParsedValue()).Value : null;
        BaseCrlNumber = extensions?.GetExtension(X509Extensions.DeltaCrlIndicator) is { } delta ? DerInteger.GetInstance(delta.GetParsedValue()).Value : null;

        var unknown = extensions?.GetCriticalExtensionOids().Select(o => o.Id).FirstOrDefault(o => !KnownCrlExtensions.Contains(o));
        Entries = ParseEntries(crl, IssuingDistributionPoint?.IsIndirectCrl == true, ref unknown);
        UnknownCriticalExtension = unknown;
        ProfileProblem = extensions?.GetExtension(X509Extensions.CrlNumber) switch
        {
            null => "has no cRLNumber (RFC 5280 5.2.3: conforming CRL issuers MUST include it)",
            { IsCritical: true } => "has a critical cRLNumber (RFC 5280 5.2.3: it MUST be non-critical)",
            _ => null,
        };
    }

    public X509Crl Crl { get; }

    public X509Name IssuerName { get; }

    public IssuingDistributionPoint? IssuingDistributionPoint { get; }

    /// <summary>DER of the IDP extension value; equal encodings mean equal scope (used to pair delta CRLs).</summary>
    public byte[]? ScopeEncoding { get; }

    public BigInteger? CrlNumber { get; }

    /// <summary>BaseCRLNumber of a delta CRL; null for complete CRLs.</summary>
    public BigInteger? BaseCrlNumber { get; }

    public bool IsDelta => BaseCrlNumber is not null;

    /// <summary>OID of a critical CRL or entry extension we cannot process; such a CRL must not be used.</summary>
    public string? UnknownCriticalExtension { get; }

    public IReadOnlyList<ParsedCrlEntry> Entries { get; }

    /// <summary>
    /// Why the CRL is not one a conforming issuer makes (cRLNumber missing or critical), or null. Such a CRL is not
    /// used: without a number, a relying party cannot tell a newer CRL from an older one replayed to it.
    /// </summary>
    public string? ProfileProblem { get; }

    /// <summary>Why the CRL must not be used at all (an unknown critical extension, a profile problem), or null.</summary>
    public string? Unusable => UnknownCriticalExtension is { } oid ? $"has unrecognised critical extension {oid}" : ProfileProblem;

    public static ParsedCrl Of(X509Crl crl) => Cache.GetValue(crl, c => new ParsedCrl(c));

    /// <summary>Decodes a CRL, or returns null when its extensions are malformed (such a CRL is simply unusable).</summary>
    public static ParsedCrl? TryOf(X509Crl crl)
    {
        try
        {
            return Of(crl);
        }
        catch (Exception ex) when (UntrustedInput.IsDecodingFailure(ex))
        {
            return null;
        }
    }

    public bool IsFresh(DateTimeOffset time) => Crl.NextUpdate is not { } next || next.ToUniversalTime() >= time.UtcDateTime;

    public bool HasSameScope(ParsedCrl other) =>
        IssuerName.Equivalent(other.IssuerName, true) &&
        (ScopeEncoding ?? []).AsSpan().SequenceEqual(other.ScopeEncoding ?? []);

    /// <summary>Finds the entry for a certificate, honouring indirect-CRL certificateIssuer entries.</summary>
    public ParsedCrlEntry? Find(Org.BouncyCastle.X509.X509Certificate cert) =>
        Entries.FirstOrDefault(e => e.SerialNumber.Equals(cert.SerialNumber) && e.CertificateIssuer.Equivalent(cert.IssuerDN, true));

    private List<ParsedCrlEntry> ParseEntries(X509Crl crl, bool indirect, ref string? unknownCritical)
    {
        var entries = new List<ParsedCrlEntry>();
        var currentIssuer = IssuerName;
        foreach (var entry in crl.CertificateList.TbsCertList.GetRevokedCertificateEnumeration())
        {
            var ext = entry.Extensions;
            unknownCritical ??= ext?.GetCriticalExtensionOids().Select(o => o.Id).FirstOrDefault(o => !KnownEntryExtensions.Contains(o));

            if (indirect && ext?.GetExtension(X509Extensions.CertificateIssuer) is { } issuerExt)
            {
                var directoryName = GeneralNames.GetInstance(issuerExt.GetParsedValue()).GetNames()
                    .FirstOrDefault(n => n.TagNo == GeneralName.DirectoryName);
                if (directoryName is not null)
                {
                    currentIssuer = X509Name.GetInstance(directoryName.Name);
                }
            }

            var reason = ext?.GetExtension(X509Extensions.ReasonCode) is { } reasonExt
                ? (RevocationReason)DerEnumerated.GetInstance(reasonExt.GetParsedValue()).IntValueExact
                : (RevocationReason?)null;
            entries.Add(new ParsedCrlEntry(entry.UserCertificate.Value, currentIssuer, entry.RevocationDate.ToDateTime(), reason));
        }
        return entries;
    }
}

/// <summary>One revoked-certificate entry with its effective issuer (differs from the CRL issuer in indirect CRLs).</summary>
internal sealed record ParsedCrlEntry(BigInteger SerialNumber, X509Name CertificateIssuer, DateTime RevocationDate, RevocationReason? Reason);
