using Ca.Core.Revocation;
using Ca.Core.Validation;
using Org.BouncyCastle.Asn1.X509;
using Ca.Tests.Support.Pki;

namespace Ca.Tests.Validation;

/// <summary>Specification tests for CRL-based revocation (RFC 5280 6.3) with synthetic CRLs.</summary>
public sealed class CrlRevocationCheckerTests
{
    private static readonly DateTime BeforeValidationTime = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime AfterValidationTime = new(2026, 9, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task EndEntityRevokedBeforeValidationTime_Validated_RevokedWithTimeAndReason()
    {
        var chain = new TestChain();
        var crl = TestCrlBuilder.By(chain.IntermediateCa).Revoke(chain.EndEntity.SerialNumber, BeforeValidationTime, CrlReason.Superseded).Build();

        var result = await chain.ValidateAsync(revocation: chain.Crls(chain.RootCrl, crl));

        Assert.Equal(PathValidationFailure.Revoked, result.Failure);
        Assert.Equal(1, result.FailingCertificateIndex);
        Assert.Equal(new DateTimeOffset(BeforeValidationTime), result.RevocationTime);
        Assert.Equal(RevocationReason.Superseded, result.RevocationReason);
    }

    [Fact]
    public async Task EndEntityRevokedAfterValidationTimeAsSuperseded_Validated_IsValid()
    {
        var chain = new TestChain();
        var crl = TestCrlBuilder.By(chain.IntermediateCa).Revoke(chain.EndEntity.SerialNumber, AfterValidationTime, CrlReason.Superseded).Build();

        var result = await chain.ValidateAsync(revocation: chain.Crls(chain.RootCrl, crl));

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public async Task EndEntityKeyCompromisedAfterValidationTime_Validated_Revoked()
    {
        var chain = new TestChain();
        var crl = TestCrlBuilder.By(chain.IntermediateCa).Revoke(chain.EndEntity.SerialNumber, AfterValidationTime, CrlReason.KeyCompromise).Build();

        var result = await chain.ValidateAsync(revocation: chain.Crls(chain.RootCrl, crl));

        Assert.Equal(PathValidationFailure.Revoked, result.Failure);
        Assert.Equal(RevocationReason.KeyCompromise, result.RevocationReason);
    }

    [Fact]
    public async Task IntermediateRevoked_OnRootCrl_RevokedAtIndexZero()
    {
        var chain = new TestChain();
        var rootCrl = TestCrlBuilder.By(chain.RootCa).Revoke(chain.Intermediate.SerialNumber, BeforeValidationTime, CrlReason.CACompromise).Build();

        var result = await chain.ValidateAsync(revocation: chain.Crls(rootCrl, chain.IntermediateCrl));

        Assert.Equal(PathValidationFailure.Revoked, result.Failure);
        Assert.Equal(0, result.FailingCertificateIndex);
    }

    [Fact]
    public async Task EndEntityOnHold_Validated_RevokedAsCertificateHold()
    {
        var chain = new TestChain();
        var crl = TestCrlBuilder.By(chain.IntermediateCa).Revoke(chain.EndEntity.SerialNumber, BeforeValidationTime, CrlReason.CertificateHold).Build();

        var result = await chain.ValidateAsync(revocation: chain.Crls(chain.RootCrl, crl));

        Assert.Equal(PathValidationFailure.Revoked, result.Failure);
        Assert.Equal(RevocationReason.CertificateHold, result.RevocationReason);
    }

    [Fact]
    public async Task IssuerCrlMissing_Validated_RevocationUnknown()
    {
        var chain = new TestChain();

        var result = await chain.ValidateAsync(revocation: chain.Crls(chain.RootCrl));

        Assert.Equal(PathValidationFailure.RevocationUnknown, result.Failure);
        Assert.Equal(1, result.FailingCertificateIndex);
    }

    [Fact]
    public async Task StaleCrl_NextUpdateBeforeValidationTime_RevocationUnknown()
    {
        var chain = new TestChain();
        var stale = TestCrlBuilder.By(chain.IntermediateCa)
            .Updates(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc)).Build();

        var result = await chain.ValidateAsync(revocation: chain.Crls(chain.RootCrl, stale));

        Assert.Equal(PathValidationFailure.RevocationUnknown, result.Failure);
        Assert.Contains("stale", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CrlSignedByWrongKey_Validated_RevocationUnknown()
    {
        var chain = new TestChain();
        var forged = TestCrlBuilder.By(chain.IntermediateCa).SignedWith(TestKeys.New().Private).Build();

        var result = await chain.ValidateAsync(revocation: chain.Crls(chain.RootCrl, forged));

        Assert.Equal(PathValidationFailure.RevocationUnknown, result.Failure);
    }

    [Fact]
    public async Task CrlIssuerWithoutCrlSign_Validated_RevocationUnknown()
    {
        var chain = new TestChain(intermediate: b => b.KeyUsage(KeyUsage.KeyCertSign));
        var crl = TestCrlBuilder.By(chain.IntermediateCa).Build();

        var result = await chain.ValidateAsync(revocation: chain.Crls(chain.RootCrl, crl));

        Assert.Equal(PathValidationFailure.RevocationUnknown, result.Failure);
    }

    [Fact]
    public async Task SeparateCrlSigningCertificate_ValidatedToSameAnchor_IsValid()
    {
        var chain = new TestChain();
        var crlSigner = TestCertificateBuilder.Leaf("Test Intermediate", chain.RootCa).KeyUsage(KeyUsage.CrlSign).Build();
        var crl = TestCrlBuilder.By(chain.IntermediateCa).SignedWith(crlSigner).Build();
        var checker = new CrlRevocationChecker(new StaticCrlSource([chain.RootCrl, crl]), [crlSigner.Certificate]);

        var result = await chain.ValidateAsync(revocation: checker);

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public async Task RevocationChecker_GoodCertificate_ReturnsGood()
    {
        var chain = new TestChain();
        var request = new RevocationRequest
        {
            Certificate = chain.EndEntity,
            Issuer = chain.Intermediate,
            IssuerName = chain.Intermediate.SubjectDN,
            IssuerPublicKey = chain.Intermediate.GetPublicKey(),
            ValidationTime = TestCertificateBuilder.ValidationTime,
            TrustAnchor = new ValidationTrustAnchor(chain.Root),
            Path = chain.Chain,
        };

        var status = await chain.Crls().CheckAsync(request, CancellationToken.None);

        Assert.Equal(RevocationStatus.Good, status.Status);
    }
}
