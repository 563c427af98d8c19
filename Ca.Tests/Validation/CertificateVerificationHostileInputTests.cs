using Ca.Core.Common;
using Ca.Core.Validation;
using Ca.Tests.Support;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Validation;

/// <summary>
/// What anyone may post to the certificate verification service: certificates that decode but hold a malformed
/// key or contradictory algorithms, and seeded byte mutations of real ones. Only documented outcomes may occur: a
/// 400 for bytes that are not a certificate, otherwise a report; never another exception.
/// </summary>
public sealed class CertificateVerificationHostileInputTests(VerificationTestBed bed) : IClassFixture<VerificationTestBed>
{
    private static readonly X509Certificate Seal = VerificationTestBed.Pki.EcSigner.Certificate;
    private static readonly X509Certificate Issuing = VerificationTestBed.Pki.Issuing.Certificate;

    public static TheoryData<string> MalformedKeys => ["unknown curve", "no curve", "point off the curve", "RSA key not a sequence"];

    private static Asn1Encodable MalformedKey(string name) => name switch
    {
        "unknown curve" => CertificateSurgery.EcKeyOnUnknownCurve(),
        "no curve" => CertificateSurgery.EcKeyWithoutParameters(),
        "point off the curve" => CertificateSurgery.EcPointOffTheCurve(),
        _ => CertificateSurgery.RsaKeyNotASequence(),
    };

    [Fact]
    public async Task Verify_IntactSealCertificate_Passed()
    {
        var report = await bed.Certificates.VerifyAsync(new CertificateVerificationRequest(Seal, [Issuing]), CancellationToken.None);

        Assert.True(report.Indication == ValidationIndication.Passed, report.Message);
    }

    [Theory]
    [MemberData(nameof(MalformedKeys))]
    public async Task Verify_ChainCertificateWithMalformedPublicKey_FailedFormatFailure(string key)
    {
        var impostor = CertificateSurgery.WithSubjectPublicKeyInfo(Issuing, MalformedKey(key), Ca.Tests.Support.Pki.TestKeys.New().Private);

        var report = await bed.Certificates.VerifyAsync(new CertificateVerificationRequest(Seal, [impostor]), CancellationToken.None);

        Assert.Equal(ValidationIndication.Failed, report.Indication);
        Assert.Equal(ValidationSubIndication.FormatFailure, report.SubIndication);
        Assert.Contains("Chain certificate 1", report.Message);
        Assert.Contains("public key", report.Message);
    }

    [Theory]
    [MemberData(nameof(MalformedKeys))]
    public async Task Verify_TargetWithMalformedPublicKey_FailedFormatFailure(string key)
    {
        var target = CertificateSurgery.WithSubjectPublicKeyInfo(Seal, MalformedKey(key), Ca.Tests.Support.Pki.TestKeys.New().Private);

        var report = await bed.Certificates.VerifyAsync(new CertificateVerificationRequest(target, []), CancellationToken.None);

        Assert.Equal(ValidationIndication.Failed, report.Indication);
        Assert.Equal(ValidationSubIndication.FormatFailure, report.SubIndication);
    }

    [Fact]
    public async Task Verify_OuterSignatureAlgorithmDiffersFromTbs_FailedFormatFailure()
    {
        var target = CertificateSurgery.WithOuterSignatureAlgorithm(Seal, new AlgorithmIdentifier(Org.BouncyCastle.Asn1.X9.X9ObjectIdentifiers.ECDsaWithSha384));

        var report = await bed.Certificates.VerifyAsync(new CertificateVerificationRequest(target, []), CancellationToken.None);

        Assert.Equal(ValidationIndication.Failed, report.Indication);
        Assert.Equal(ValidationSubIndication.FormatFailure, report.SubIndication);
        Assert.Contains("4.1.1.2", report.Message);
    }

    [Fact]
    public async Task Verify_ChainCertificateWithDifferentOuterSignatureAlgorithm_FailedFormatFailure()
    {
        var intermediate = CertificateSurgery.WithOuterSignatureAlgorithm(Issuing, new AlgorithmIdentifier(Org.BouncyCastle.Asn1.X9.X9ObjectIdentifiers.ECDsaWithSha512));

        var report = await bed.Certificates.VerifyAsync(new CertificateVerificationRequest(Seal, [intermediate]), CancellationToken.None);

        Assert.Equal(ValidationIndication.Failed, report.Indication);
        Assert.Equal(ValidationSubIndication.FormatFailure, report.SubIndication);
    }

    [Theory]
    [InlineData(1101)]
    [InlineData(1102)]
    [InlineData(1103)]
    public async Task Verify_MutatedTarget_BadRequestOrReportOnly(int seed)
    {
        var failures = new List<string>();
        foreach (var mutation in ByteMutator.Mutate(Seal.GetEncoded(), seed, 150))
        {
            await Expect(mutation, async () =>
            {
                var report = await bed.Certificates.VerifyAsync(new CertificateVerificationRequest(CertificateInput.FromDer(mutation.Bytes, "certificate"), [Issuing]), CancellationToken.None);
                return report.Indication != ValidationIndication.Passed || SameCertificate(mutation.Bytes, Seal)
                    ? null
                    : "PASSED for a certificate that differs from the one issued";
            }, failures);
        }

        Assert.Empty(failures);
    }

    [Theory]
    [InlineData(1201)]
    [InlineData(1202)]
    public async Task Verify_MutatedChainCertificate_BadRequestOrReportOnly(int seed)
    {
        var failures = new List<string>();
        foreach (var mutation in ByteMutator.Mutate(Issuing.GetEncoded(), seed, 150))
        {
            await Expect(mutation, async () =>
            {
                _ = await bed.Certificates.VerifyAsync(new CertificateVerificationRequest(Seal, [CertificateInput.FromDer(mutation.Bytes, "chain[0]")]), CancellationToken.None);
                return null;
            }, failures);
        }

        Assert.Empty(failures);
    }

    /// <summary>Runs one case; a 400 or a report is fine, anything else is recorded with the mutation that caused it.</summary>
    private static async Task Expect(ByteMutator.Mutation mutation, Func<Task<string?>> verify, List<string> failures)
    {
        try
        {
            if (await verify() is { } wrong)
            {
                failures.Add($"{mutation}: {wrong}");
            }
        }
        catch (CaException e) when (e.Kind == CaErrorKind.BadRequest)
        {
        }
        catch (Exception e)
        {
            failures.Add($"{mutation}: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>BouncyCastle accepts some non-DER encodings; one that re-encodes to the issued DER is the same certificate.</summary>
    private static bool SameCertificate(byte[] mutated, X509Certificate original) =>
        new X509Certificate(mutated).GetEncoded().AsSpan().SequenceEqual(original.GetEncoded());
}
