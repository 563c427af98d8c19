using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;

namespace Ca.Tests.Support.Pki;

/// <summary>
/// CRLs for tests, from a <see cref="TestCertificate"/> issuer: by default a complete CRL with a non-critical
/// cRLNumber and an AKI, fixed thisUpdate/nextUpdate around <see cref="TestCertificateBuilder.ValidationTime"/>.
/// Any extension can be set, removed or made critical.
/// </summary>
public sealed class TestCrlBuilder
{
    /// <summary>Default thisUpdate.</summary>
    public static readonly DateTime DefaultThisUpdate = new(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Default nextUpdate.</summary>
    public static readonly DateTime DefaultNextUpdate = new(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);

    private static long _number = 1;

    private readonly TestCertificate issuer;
    private readonly List<(DerObjectIdentifier Oid, bool Critical, Asn1Encodable Value)> extensions = [];
    private readonly List<(BigInteger Serial, DateTime At, int Reason, DateTime? InvalidityDate, X509Extensions? Extensions)> entries = [];
    private X509Name? issuerName;
    private AsymmetricKeyParameter? signingKey;
    private DateTime thisUpdate = DefaultThisUpdate;
    private DateTime? nextUpdate = DefaultNextUpdate;

    private TestCrlBuilder(TestCertificate issuer)
    {
        this.issuer = issuer;
        Number(Interlocked.Increment(ref _number));
        AuthorityKeyIdentifier();
    }

    /// <summary>A CRL signed by <paramref name="issuer"/>.</summary>
    public static TestCrlBuilder By(TestCertificate issuer) => new(issuer ?? throw new ArgumentNullException(nameof(issuer)));

    /// <summary>thisUpdate and nextUpdate (null: no nextUpdate).</summary>
    public TestCrlBuilder Updates(DateTime thisUpdateTime, DateTime? nextUpdateTime)
    {
        thisUpdate = DateTime.SpecifyKind(thisUpdateTime, DateTimeKind.Utc);
        nextUpdate = nextUpdateTime is { } next ? DateTime.SpecifyKind(next, DateTimeKind.Utc) : null;
        return this;
    }

    /// <summary>Revokes a serial (reason 0 writes no reasonCode, as BouncyCastle does).</summary>
    public TestCrlBuilder Revoke(BigInteger serial, DateTime at, int reason = 0)
    {
        entries.Add((serial, DateTime.SpecifyKind(at, DateTimeKind.Utc), reason, null, null));
        return this;
    }

    /// <summary>
    /// Revokes a serial with a reason and an invalidityDate entry extension (RFC 5280 5.3.2: when the key is known or
    /// suspected to have been compromised, which may be before the revocation date).
    /// </summary>
    public TestCrlBuilder Revoke(BigInteger serial, DateTime at, int reason, DateTime invalidityDate)
    {
        entries.Add((serial, DateTime.SpecifyKind(at, DateTimeKind.Utc), reason, DateTime.SpecifyKind(invalidityDate, DateTimeKind.Utc), null));
        return this;
    }

    /// <summary>Revokes a certificate.</summary>
    public TestCrlBuilder Revoke(TestCertificate certificate, DateTime at, int reason = 0) => Revoke(certificate.Certificate.SerialNumber, at, reason);

    /// <summary>Revokes a serial with the given entry extensions.</summary>
    public TestCrlBuilder Revoke(BigInteger serial, DateTime at, X509Extensions entryExtensions)
    {
        entries.Add((serial, DateTime.SpecifyKind(at, DateTimeKind.Utc), 0, null, entryExtensions));
        return this;
    }

    /// <summary>The cRLNumber (non-critical by default, as RFC 5280 5.2.3 requires).</summary>
    public TestCrlBuilder Number(long number, bool critical = false) => Extension(X509Extensions.CrlNumber, critical, new CrlNumber(BigInteger.ValueOf(number)));

    /// <summary>A delta CRL of the given base (critical deltaCRLIndicator).</summary>
    public TestCrlBuilder DeltaOf(long baseNumber) => Extension(X509Extensions.DeltaCrlIndicator, true, new CrlNumber(BigInteger.ValueOf(baseNumber)));

    /// <summary>The issuer's key identifier in an AKI.</summary>
    public TestCrlBuilder AuthorityKeyIdentifier(bool critical = false) =>
        Extension(X509Extensions.AuthorityKeyIdentifier, critical, X509ExtensionUtilities.CreateAuthorityKeyIdentifier(issuer.PublicKey));

    /// <summary>Sets an extension, replacing one of the same OID.</summary>
    public TestCrlBuilder Extension(DerObjectIdentifier oid, bool critical, Asn1Encodable value)
    {
        Without(oid);
        extensions.Add((oid, critical, value));
        return this;
    }

    /// <summary>Removes an extension (e.g. the default cRLNumber).</summary>
    public TestCrlBuilder Without(DerObjectIdentifier oid)
    {
        extensions.RemoveAll(e => e.Oid.Equals(oid));
        return this;
    }

    /// <summary>Another issuer name than the issuer's subject.</summary>
    public TestCrlBuilder IssuerName(X509Name name)
    {
        issuerName = name;
        return this;
    }

    /// <summary>Signs with another key than the issuer's.</summary>
    public TestCrlBuilder SignedWith(AsymmetricKeyParameter privateKey)
    {
        signingKey = privateKey;
        return this;
    }

    /// <summary>Signs with a separate CRL signer's key, naming that key in the AKI.</summary>
    public TestCrlBuilder SignedWith(TestCertificate signer)
    {
        signingKey = signer.PrivateKey;
        return Extension(X509Extensions.AuthorityKeyIdentifier, false, X509ExtensionUtilities.CreateAuthorityKeyIdentifier(signer.PublicKey));
    }

    /// <summary>Builds and signs the CRL.</summary>
    public X509Crl Build()
    {
        var generator = new X509V2CrlGenerator();
        generator.SetIssuerDN(issuerName ?? issuer.Subject);
        generator.SetThisUpdate(thisUpdate);
        if (nextUpdate is { } next)
        {
            generator.SetNextUpdate(next);
        }

        foreach (var (serial, at, reason, invalidityDate, entryExtensions) in entries)
        {
            if (entryExtensions is not null)
            {
                generator.AddCrlEntry(serial, at, entryExtensions);
            }
            else if (invalidityDate is { } invalidity)
            {
                generator.AddCrlEntry(serial, at, reason, invalidity);
            }
            else
            {
                generator.AddCrlEntry(serial, at, reason);
            }
        }

        foreach (var (oid, critical, value) in extensions)
        {
            generator.AddExtension(oid, critical, value);
        }

        var key = signingKey ?? issuer.PrivateKey;
        return generator.Generate(new Asn1SignatureFactory(TestKeys.SignatureAlgorithm(key), key));
    }
}
