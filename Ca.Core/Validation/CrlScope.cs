using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ca.Core.Validation;

/// <summary>
/// RFC 5280 6.3.3 (b): decides whether a complete CRL is issued by the right authority and covers the certificate
/// for a given distribution point (issuer, IDP names, onlyContains* flags).
/// </summary>
internal static class CrlScope
{
    /// <summary>The distribution points of a certificate; one implicit point when the extension is absent.</summary>
    public static IReadOnlyList<DistributionPoint> DistributionPointsOf(X509Certificate cert) =>
        CertificateFacts.GetExtension(cert, X509Extensions.CrlDistributionPoints) is { } ext
            ? CrlDistPoint.GetInstance(ext).GetDistributionPoints()
            : [new DistributionPoint(null, null, null)];

    /// <summary>6.3.3 (b)(1): the CRL comes from the cRLIssuer of the DP (indirect) or the certificate issuer.</summary>
    public static bool IssuerMatches(DistributionPoint point, ParsedCrl crl, X509Certificate cert)
    {
        if (point.CrlIssuer is { } crlIssuers)
        {
            return crl.IssuingDistributionPoint?.IsIndirectCrl == true &&
                   DirectoryNames(crlIssuers).Any(n => n.Equivalent(crl.IssuerName, true));
        }
        return crl.IssuerName.Equivalent(cert.IssuerDN, true);
    }

    /// <summary>6.3.3 (b)(2): the CRL's issuing distribution point covers this certificate and distribution point.</summary>
    public static bool Covers(DistributionPoint point, ParsedCrl crl, X509Certificate cert)
    {
        if (crl.IssuingDistributionPoint is not { } idp)
        {
            return true;
        }

        if (idp.DistributionPoint is { } idpName)
        {
            var idpNames = Names(idpName, crl.IssuerName);
            var pointNames = point.DistributionPointName is { } dpName
                ? Names(dpName, point.CrlIssuer is { } ci ? DirectoryNames(ci).FirstOrDefault() ?? cert.IssuerDN : cert.IssuerDN)
                : point.CrlIssuer is { } issuers
                    ? issuers.GetNames()
                    : [new GeneralName(cert.IssuerDN)];
            if (!idpNames.Any(a => pointNames.Any(b => SameName(a, b))))
            {
                return false;
            }
        }

        var isCa = CertificateFacts.IsCa(cert);
        if (idp.OnlyContainsUserCerts && isCa)
        {
            return false;
        }
        if (idp.OnlyContainsCACerts && !isCa)
        {
            return false;
        }
        return !idp.OnlyContainsAttributeCerts;
    }

    private static IReadOnlyList<GeneralName> Names(DistributionPointName name, X509Name relativeTo)
    {
        if (name.Type == DistributionPointName.FullName)
        {
            return GeneralNames.GetInstance(name.Name).GetNames();
        }

        var rdns = Asn1Sequence.GetInstance(relativeTo.ToAsn1Object()).Cast<Asn1Encodable>().ToList();
        rdns.Add(Asn1Set.GetInstance(name.Name));
        return [new GeneralName(X509Name.GetInstance(new DerSequence(rdns.ToArray())))];
    }

    private static IEnumerable<X509Name> DirectoryNames(GeneralNames names) =>
        names.GetNames().Where(n => n.TagNo == GeneralName.DirectoryName).Select(n => X509Name.GetInstance(n.Name));

    private static bool SameName(GeneralName a, GeneralName b)
    {
        if (a.TagNo != b.TagNo)
        {
            return false;
        }
        return a.TagNo == GeneralName.DirectoryName
            ? X509Name.GetInstance(a.Name).Equivalent(X509Name.GetInstance(b.Name), true)
            : a.Name.ToAsn1Object().Equals(b.Name.ToAsn1Object());
    }
}
