using Ca.Core.Revocation;
using Ca.Core.Validation;
using Org.BouncyCastle.Asn1.X509;

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
        var crl = TestPki.Crl(chain.Intermediate, TestPki.IntermediateKey.Private, [(chain.EndEntity.SerialNumber, BeforeValidationTime, CrlReason.Superseded)]);

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
        var crl = TestPki.Crl(chain.Intermediate, TestPki.IntermediateKey.Private, [(chain.EndEntity.SerialNumber, AfterValidationTime, CrlReason.Superseded)]);

        var result = await chain.ValidateAsync(revocation: chain.Crls(chain.RootCrl, crl));

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public async Task EndEntityKeyCompromisedAfterValidationTime_Validated_Revoked()
    {
        var chain = new TestChain();
        var crl = TestPki.Crl(chain.Intermediate, TestPki.IntermediateKey.Private, [(chain.EndEntity.SerialNumber, AfterValidationTime, CrlReason.KeyCompromise)]);

        var result = await chain.ValidateAsync(revocation: chain.Crls(chain.RootCrl, crl));

        Assert.Equal(PathValidationFailure.Revoked, result.Failure);
        Assert.Equal(RevocationReason.KeyCompromise, result.RevocationReason);
    }

    [Fact]
    public async Task IntermediateRevoked_OnRootCrl_RevokedAtIndexZero()
    {
        var chain = new TestChain();
        var rootCrl = TestPki.Crl(chain.Root, TestPki.RootKey.Private, [(chain.Intermediate.SerialNumber, BeforeValidationTime, CrlReason.CACompromise)]);

        var result = await chain.ValidateAsync(revocation: chain.Crls(rootCrl, chain.IntermediateCrl));

        Assert.Equal(PathValidationFailure.Revoked, result.Failure);
        Assert.Equal(0, result.FailingCertificateIndex);
    }

    [Fact]
    public async Task EndEntityOnHold_Validated_RevokedAsCertificateHold()
    {
        var chain = new TestChain();
        var crl = TestPki.Crl(chain.Intermediate, TestPki.IntermediateKey.Private, [(chain.EndEntity.SerialNumber, BeforeValidationTime, CrlReason.CertificateHold)]);

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
        var stale = TestPki.Crl(chain.Intermediate, TestPki.IntermediateKey.Private,
            thisUpdate: new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), nextUpdate: new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc));

        var result = await chain.ValidateAsync(revocation: chain.Crls(chain.RootCrl, stale));

        Assert.Equal(PathValidationFailure.RevocationUnknown, result.Failure);
        Assert.Contains("stale", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CrlSignedByWrongKey_Validated_RevocationUnknown()
    {
        var chain = new TestChain();
        var forged = TestPki.Crl(chain.Intermediate, TestPki.OtherKey.Private);

        var result = await chain.ValidateAsync(revocation: chain.Crls(chain.RootCrl, forged));

        Assert.Equal(PathValidationFailure.RevocationUnknown, result.Failure);
    }

    [Fact]
    public async Task CrlIssuerWithoutCrlSign_Validated_RevocationUnknown()
    {
        var chain = new TestChain(intermediate: s => s with { KeyUsage = KeyUsage.KeyCertSign });
        var crl = TestPki.Crl(chain.Intermediate, TestPki.IntermediateKey.Private);

        var result = await chain.ValidateAsync(revocation: chain.Crls(chain.RootCrl, crl));

        Assert.Equal(PathValidationFailure.RevocationUnknown, result.Failure);
    }

    [Fact]
    public async Task SeparateCrlSigningCertificate_ValidatedToSameAnchor_IsValid()
    {
        var chain = new TestChain();
        var crlSigner = TestPki.Issue(
            new TestPki.CertSpec { Subject = "Test Intermediate", PublicKey = TestPki.OtherKey.Public, IsCa = false, KeyUsage = KeyUsage.CrlSign },
            chain.Root, TestPki.RootKey.Private);
        var crl = TestPki.Crl(chain.Intermediate, TestPki.OtherKey.Private);
        var checker = new CrlRevocationChecker(new StaticCrlSource([chain.RootCrl, crl]), [crlSigner]);

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
            ValidationTime = TestPki.ValidationTime,
            TrustAnchor = new ValidationTrustAnchor(chain.Root),
            Path = chain.Chain,
        };

        var status = await chain.Crls().CheckAsync(request, CancellationToken.None);

        Assert.Equal(RevocationStatus.Good, status.Status);
    }
}
