using Ca.Core.Authorities;
using Ca.Core.Common;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ca.Core.Ocsp;

/// <summary>
/// Issues delegated OCSP responder certificates (RFC 6960 4.2.2.2) so CA keys sign only certificates
/// and CRLs, never the high-volume OCSP traffic. The certificate carries id-pkix-ocsp-nocheck, hence it
/// cannot be revoked in practice and is kept short-lived and rolled over early.
/// </summary>
public static class OcspResponderCertificateBuilder
{
    /// <summary>The default lifetime (30 days).</summary>
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(30);

    /// <summary>
    /// The longest lifetime allowed. id-pkix-ocsp-nocheck makes relying parties trust the certificate without any
    /// revocation check for its whole lifetime, so a compromised responder key is as serious as a compromised
    /// CRL-signing key until it expires; RFC 6960 4.2.2.2.1 advises a very short lifetime (the default is 30 days,
    /// rolled over with a third left).
    /// </summary>
    public static readonly TimeSpan MaxValidity = TimeSpan.FromDays(90);

    /// <summary>Backdating of notBefore, so relying parties with a slightly slow clock accept a fresh responder.</summary>
    public static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Issues a responder certificate for <paramref name="responderKey"/>, signed by <paramref name="issuer"/>,
    /// valid from <paramref name="now"/> for <paramref name="validity"/> (default 30 days, at most <see cref="MaxValidity"/>), never beyond the CA,
    /// under <paramref name="policyOids"/> (default <see cref="Profiles.ServicePolicyOids.OcspResponder"/>).
    /// </summary>
    public static X509Certificate Build(CertificateAuthority issuer, SubjectPublicKeyInfo responderKey, DateTimeOffset now, TimeSpan? validity = null, IReadOnlyList<string>? policyOids = null)
    {
        var lifetime = validity ?? DefaultValidity;
        if (lifetime <= TimeSpan.Zero || lifetime > MaxValidity)
        {
            throw new ArgumentOutOfRangeException(nameof(validity), validity, $"The responder certificate's validity must be positive and at most {MaxValidity.TotalDays:0} days (it carries id-pkix-ocsp-nocheck).");
        }

        var notBefore = now - ClockSkewAllowance;
        var notAfter = now + lifetime;
        if (notAfter > issuer.NotAfter)
        {
            notAfter = issuer.NotAfter;
        }

        if (notAfter <= now)
        {
            throw CaException.Conflict("ca-expired", $"CA '{issuer.Id}' expires before a responder certificate could be valid.");
        }

        var generator = IssuedCertificateGenerator.Create(issuer, SubjectFor(issuer.Certificate.SubjectDN), responderKey, SerialNumber.NewRandom(), notBefore, notAfter);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature));
        generator.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeID.id_kp_OCSPSigning));
        generator.AddExtension(OcspObjectIdentifiers.PkixOcspNocheck, false, DerNull.Instance);
        generator.AddKeyIdentifiers(issuer, responderKey);
        var policies = policyOids ?? [Profiles.ServicePolicyOids.OcspResponder];
        generator.AddPolicies(policies);
        return generator.Sign(issuer, new Issuance.Linting.LintProfile(Issuance.Linting.CertificateKind.OcspResponder, false, policies));
    }

    /// <summary>
    /// True when less than a third of the certificate's lifetime remains (or it has expired), leaving
    /// time to roll over before relying parties see an expired responder.
    /// </summary>
    public static bool NeedsRollover(X509Certificate responderCertificate, DateTimeOffset now)
    {
        var notBefore = new DateTimeOffset(DateTime.SpecifyKind(responderCertificate.NotBefore, DateTimeKind.Utc));
        var notAfter = new DateTimeOffset(DateTime.SpecifyKind(responderCertificate.NotAfter, DateTimeKind.Utc));
        return (notAfter - now) * 3 < notAfter - notBefore;
    }

    /// <summary>The CA's subject with the CN replaced by "CA CN OCSP Responder", so operators can tell the two apart.</summary>
    private static X509Name SubjectFor(X509Name caSubject)
    {
        var oids = caSubject.GetOidList();
        var values = caSubject.GetValueList();
        var newValues = new List<string>(values.Count);
        var hasCn = false;
        for (var i = 0; i < oids.Count; i++)
        {
            if (oids[i].Equals(X509Name.CN))
            {
                newValues.Add(values[i] + " OCSP Responder");
                hasCn = true;
            }
            else
            {
                newValues.Add(values[i]);
            }
        }

        var newOids = oids.ToList();
        if (!hasCn)
        {
            newOids.Add(X509Name.CN);
            newValues.Add("OCSP Responder");
        }

        return new X509Name(newOids, newValues);
    }
}
