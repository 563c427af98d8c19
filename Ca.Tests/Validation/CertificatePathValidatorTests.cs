using Ca.Core.Revocation;
using Ca.Core.Validation;
using Moq;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1;
using Ca.Tests.Support.Pki;

namespace Ca.Tests.Validation;

/// <summary>Specification tests for RFC 5280 6.1 processing with synthetic certificates.</summary>
public sealed class CertificatePathValidatorTests
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    [Fact]
    public async Task ValidChain_WithFreshCrls_IsValid()
    {
        var result = await new TestChain().ValidateAsync();

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(PathValidationFailure.None, result.Failure);
        Assert.Null(result.FailingCertificateIndex);
    }

    [Fact]
    public async Task ExpiredIntermediate_ValidatedAfterNotAfter_Expired()
    {
        var chain = new TestChain(intermediate: b => b.Validity(TestCertificateBuilder.DefaultNotBefore, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)));

        var result = await chain.ValidateAsync();

        Assert.Equal(PathValidationFailure.Expired, result.Failure);
        Assert.Equal(0, result.FailingCertificateIndex);
    }

    [Fact]
    public async Task EndEntity_ValidatedBeforeNotBefore_NotYetValid()
    {
        var chain = new TestChain(endEntity: b => b.Validity(new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc), TestCertificateBuilder.DefaultNotAfter));

        var result = await chain.ValidateAsync();

        Assert.Equal(PathValidationFailure.NotYetValid, result.Failure);
        Assert.Equal(1, result.FailingCertificateIndex);
    }

    [Fact]
    public async Task CaWithoutKeyCertSign_IssuesEndEntity_KeyUsageViolation()
    {
        var chain = new TestChain(intermediate: b => b.KeyUsage(KeyUsage.CrlSign | KeyUsage.DigitalSignature));

        var result = await chain.ValidateAsync();

        Assert.Equal(PathValidationFailure.KeyUsageViolation, result.Failure);
        Assert.Equal(0, result.FailingCertificateIndex);
    }

    [Fact]
    public async Task IntermediateWithoutCaFlag_IssuesEndEntity_BasicConstraintsViolation()
    {
        var chain = new TestChain(intermediate: b => b.NotCa().KeyUsage(KeyUsage.DigitalSignature | KeyUsage.CrlSign));

        var result = await chain.ValidateAsync();

        Assert.Equal(PathValidationFailure.BasicConstraintsViolation, result.Failure);
    }

    [Fact]
    public async Task PathLenZeroCa_WithSubordinateCa_PathLengthExceeded()
    {
        var chain = new TestChain(intermediate: b => b.PathLength(0));
        var subCa = TestCertificateBuilder.Intermediate("Test Sub CA", chain.IntermediateCa).Build();
        var leaf = TestCertificateBuilder.Leaf("Leaf", subCa).Build().Certificate;

        var result = await new CertificatePathValidator().ValidateAsync(
            chain.Root, [chain.Intermediate, subCa.Certificate, leaf], TestChain.Settings with { CheckRevocation = false }, null);

        Assert.Equal(PathValidationFailure.PathLengthExceeded, result.Failure);
        Assert.Equal(1, result.FailingCertificateIndex);
    }

    [Fact]
    public async Task DnsNameOutsidePermittedSubtree_EndEntity_NameConstraintsViolation()
    {
        var chain = new TestChain(
            intermediate: b => b.NameConstraints([new GeneralName(GeneralName.DnsName, "example.com")], null),
            endEntity: b => b.DnsNames("www.evil.org"));

        var result = await chain.ValidateAsync();

        Assert.Equal(PathValidationFailure.NameConstraintsViolation, result.Failure);
        Assert.Equal(1, result.FailingCertificateIndex);
    }

    [Fact]
    public async Task DnsNameInsidePermittedSubtree_EndEntity_IsValid()
    {
        var chain = new TestChain(
            intermediate: b => b.NameConstraints([new GeneralName(GeneralName.DnsName, "example.com")], null),
            endEntity: b => b.DnsNames("www.example.com"));

        var result = await chain.ValidateAsync();

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public async Task UnknownCriticalExtension_OnEndEntity_UnknownCriticalExtension()
    {
        var chain = new TestChain(endEntity: b => b.Extension(new DerObjectIdentifier("1.3.6.1.4.1.99999.1"), true, DerNull.Instance));

        var result = await chain.ValidateAsync();

        Assert.Equal(PathValidationFailure.UnknownCriticalExtension, result.Failure);
        Assert.Equal(1, result.FailingCertificateIndex);
    }

    [Fact]
    public async Task UnknownNonCriticalExtension_OnEndEntity_IsValid()
    {
        var chain = new TestChain(endEntity: b => b.Extension(new DerObjectIdentifier("1.3.6.1.4.1.99999.1"), false, DerNull.Instance));

        var result = await chain.ValidateAsync();

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public async Task TamperedEndEntitySignature_Validated_SignatureInvalid()
    {
        var chain = new TestChain();

        var result = await new CertificatePathValidator().ValidateAsync(
            chain.Root, [chain.Intermediate, TestChain.Tamper(chain.EndEntity)], TestChain.Settings, chain.Crls());

        Assert.Equal(PathValidationFailure.SignatureInvalid, result.Failure);
        Assert.Equal(1, result.FailingCertificateIndex);
    }

    [Fact]
    public async Task ChainOutOfOrder_Validated_NameChainingFailed()
    {
        var chain = new TestChain();

        var result = await new CertificatePathValidator().ValidateAsync(
            chain.Root, [chain.EndEntity, chain.Intermediate], TestChain.Settings, chain.Crls());

        Assert.Equal(PathValidationFailure.NameChainingFailed, result.Failure);
        Assert.Equal(0, result.FailingCertificateIndex);
    }

    [Fact]
    public async Task EndEntityWithServerAuth_ClientAuthRequired_ExtendedKeyUsageViolation()
    {
        var chain = new TestChain(endEntity: b => b.ExtendedKeyUsage(ServerAuth));

        var result = await chain.ValidateAsync(TestChain.Settings with { RequiredExtendedKeyUsages = [ClientAuth] });

        Assert.Equal(PathValidationFailure.ExtendedKeyUsageViolation, result.Failure);
        Assert.Equal(1, result.FailingCertificateIndex);
    }

    [Fact]
    public async Task EndEntityWithServerAuth_ServerAuthRequired_IsValid()
    {
        var chain = new TestChain(endEntity: b => b.ExtendedKeyUsage(ServerAuth, ClientAuth));

        var result = await chain.ValidateAsync(TestChain.Settings with { RequiredExtendedKeyUsages = [ServerAuth] });

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public async Task EndEntityWithAnyExtendedKeyUsage_ClientAuthRequired_IsValid()
    {
        var chain = new TestChain(endEntity: b => b.ExtendedKeyUsage("2.5.29.37.0"));

        var result = await chain.ValidateAsync(TestChain.Settings with { RequiredExtendedKeyUsages = [ClientAuth] });

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public async Task EndEntityWithoutEku_EkuRequired_ExtendedKeyUsageViolation()
    {
        var result = await new TestChain().ValidateAsync(TestChain.Settings with { RequiredExtendedKeyUsages = [ServerAuth] });

        Assert.Equal(PathValidationFailure.ExtendedKeyUsageViolation, result.Failure);
    }

    [Fact]
    public async Task PolicyInInitialSet_ExplicitPolicyRequired_IsValidWithUserConstrainedPolicy()
    {
        const string policy = "1.3.6.1.4.1.99999.2.1";
        var chain = new TestChain(intermediate: b => b.Policies(policy), endEntity: b => b.Policies(policy));

        var result = await chain.ValidateAsync(TestChain.Settings with { InitialExplicitPolicy = true, InitialPolicySet = new HashSet<string> { policy } });

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal([policy], result.UserConstrainedPolicies);
    }

    [Fact]
    public async Task PolicyNotInInitialSet_ExplicitPolicyRequired_PolicyViolation()
    {
        var chain = new TestChain(intermediate: b => b.Policies("1.3.6.1.4.1.99999.2.1"), endEntity: b => b.Policies("1.3.6.1.4.1.99999.2.1"));

        var result = await chain.ValidateAsync(TestChain.Settings with { InitialExplicitPolicy = true, InitialPolicySet = new HashSet<string> { "1.3.6.1.4.1.99999.2.2" } });

        Assert.Equal(PathValidationFailure.PolicyViolation, result.Failure);
    }

    [Fact]
    public async Task KeyOnlyTrustAnchor_ValidChain_IsValid()
    {
        var chain = new TestChain();
        var anchor = new ValidationTrustAnchor(chain.Root.SubjectDN, chain.RootCa.PublicKey);

        var result = await new CertificatePathValidator().ValidateAsync(anchor, chain.Chain, TestChain.Settings, chain.Crls());

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public async Task EmptyChain_Validated_MalformedInput()
    {
        var result = await new CertificatePathValidator().ValidateAsync(new TestChain().Root, [], TestChain.Settings, null);

        Assert.Equal(PathValidationFailure.MalformedInput, result.Failure);
    }

    [Fact]
    public async Task RevocationEnabled_NoCheckerSupplied_RevocationUnknown()
    {
        var chain = new TestChain();

        var result = await new CertificatePathValidator().ValidateAsync(chain.Root, chain.Chain, TestChain.Settings, null);

        Assert.Equal(PathValidationFailure.RevocationUnknown, result.Failure);
    }

    [Fact]
    public async Task RevocationDisabled_NoCheckerSupplied_IsValid()
    {
        var chain = new TestChain();

        var result = await new CertificatePathValidator().ValidateAsync(chain.Root, chain.Chain, TestChain.Settings with { CheckRevocation = false }, null);

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public async Task CustomRevocationChecker_ReportsEndEntityRevoked_RevokedWithTimeAndReason()
    {
        var chain = new TestChain();
        var revokedAt = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var checker = new Mock<IRevocationChecker>();
        checker.Setup(c => c.CheckAsync(It.IsAny<RevocationRequest>(), It.IsAny<CancellationToken>()))
            .Returns((RevocationRequest r, CancellationToken _) => ValueTask.FromResult(
                r.Certificate.Equals(chain.EndEntity) ? RevocationCheckResult.Revoked(revokedAt, RevocationReason.Superseded) : RevocationCheckResult.Good));

        var result = await chain.ValidateAsync(revocation: checker.Object);

        Assert.Equal(PathValidationFailure.Revoked, result.Failure);
        Assert.Equal(1, result.FailingCertificateIndex);
        Assert.Equal(revokedAt, result.RevocationTime);
        Assert.Equal(RevocationReason.Superseded, result.RevocationReason);
        checker.Verify(c => c.CheckAsync(It.Is<RevocationRequest>(r => r.Certificate.Equals(chain.Intermediate) && r.Issuer == chain.Root), It.IsAny<CancellationToken>()), Times.Once);
    }
}
