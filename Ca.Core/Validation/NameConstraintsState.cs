using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Pkix;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ca.Core.Validation;

/// <summary>
/// permitted_subtrees / excluded_subtrees of RFC 5280 6.1.2 (b)-(c). The subtree algebra (DN, rfc822, DNS, URI,
/// IP) is delegated to BouncyCastle's <see cref="PkixNameConstraintValidator"/>; this type decides what to check.
/// </summary>
internal sealed class NameConstraintsState
{
    private readonly PkixNameConstraintValidator _validator = new();

    /// <summary>6.1.4 (g): narrows the permitted and widens the excluded subtrees.</summary>
    public void Add(NameConstraints constraints)
    {
        if (constraints.PermittedSubtreesValue is { } permitted)
        {
            _validator.IntersectPermittedSubtree(Asn1Sequence.GetInstance(permitted.ToAsn1Object()));
        }
        if (constraints.ExcludedSubtreesValue is { } excluded)
        {
            foreach (var subtree in Asn1Sequence.GetInstance(excluded.ToAsn1Object()))
            {
                _validator.AddExcludedSubtree(GeneralSubtree.GetInstance(subtree));
            }
        }
    }

    /// <summary>6.1.3 (b)-(c): returns a violation description, or null when all names are acceptable.</summary>
    public string? Check(X509Certificate cert)
    {
        try
        {
            var subject = Asn1Sequence.GetInstance(cert.SubjectDN.ToAsn1Object());
            if (subject.Count > 0)
            {
                _validator.CheckPermittedDN(subject);
                _validator.CheckExcludedDN(subject);
            }

            // RFC 5280 4.2.1.10: rfc822Name constraints also apply to emailAddress attributes of the subject DN.
            foreach (var email in cert.SubjectDN.GetValueList(PkcsObjectIdentifiers.Pkcs9AtEmailAddress))
            {
                var name = new GeneralName(GeneralName.Rfc822Name, email);
                _validator.CheckPermittedName(name);
                _validator.CheckExcludedName(name);
            }

            foreach (var name in CertificateFacts.GetSubjectAltNames(cert)?.GetNames() ?? [])
            {
                _validator.CheckPermittedName(name);
                _validator.CheckExcludedName(name);
            }
            return null;
        }
        catch (PkixNameConstraintValidatorException ex)
        {
            return ex.Message;
        }
    }
}
