using Org.BouncyCastle.Asn1.X509;

namespace Ca.Core.Common;

/// <summary>Encoders for the URL-bearing extensions shared by CA and subscriber certificates.</summary>
public static class CertificateExtensions
{
    /// <summary>cRLDistributionPoints (or freshestCRL, same syntax) with one full-name URI.</summary>
    public static CrlDistPoint DistributionPoints(string url) =>
        new([new DistributionPoint(new DistributionPointName(new GeneralNames(new GeneralName(GeneralName.UniformResourceIdentifier, url))), null, null)]);

    /// <summary>authorityInfoAccess with caIssuers and, when given, OCSP.</summary>
    public static AuthorityInformationAccess AuthorityInformationAccess(string caIssuersUrl, string? ocspUrl)
    {
        var descriptions = new List<AccessDescription>();
        if (ocspUrl is not null)
        {
            descriptions.Add(new AccessDescription(AccessDescription.IdADOcsp, new GeneralName(GeneralName.UniformResourceIdentifier, ocspUrl)));
        }

        descriptions.Add(new AccessDescription(AccessDescription.IdADCAIssuers, new GeneralName(GeneralName.UniformResourceIdentifier, caIssuersUrl)));
        return new AuthorityInformationAccess(descriptions.ToArray());
    }
}
