using Ca.Core.Validation;
using Ca.Tests.Support;
using Ca.Tests.Validation;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace Ca.Tests.Documents;

/// <summary>
/// What anyone may post to the document verification service: seeded byte mutations of real CAdES signatures, and
/// signatures that carry malformed certificates. Every outcome is a report; whatever BouncyCastle throws on the way
/// must have become FAILED/FORMAT_FAILURE (or another documented verdict), never an exception.
/// </summary>
public sealed class DocumentVerificationHostileInputTests(VerificationTestBed bed) : IClassFixture<VerificationTestBed>
{
    [Fact]
    public async Task Verify_IntactTimeStampedSignature_PassedAtTimeStamp()
    {
        var report = await VerifyAsync(bed.TimeStampedSignature);

        Assert.True(report.Indication == ValidationIndication.Passed, report.Message);
        Assert.NotNull(report.TimestampTime);
    }

    [Theory]
    [InlineData(2101)]
    [InlineData(2102)]
    [InlineData(2103)]
    public async Task Verify_MutatedTimeStampedSignature_ReportOnly(int seed) =>
        Assert.Empty(await FailuresAsync(bed.TimeStampedSignature, seed, 120));

    [Theory]
    [InlineData(2201)]
    [InlineData(2202)]
    public async Task Verify_MutatedAttachedSignature_ReportOnly(int seed) =>
        Assert.Empty(await FailuresAsync(bed.AttachedSignature, seed, 120));

    [Fact]
    public async Task Verify_SignatureCarryingCertificateWithMalformedKey_FailedFormatFailure()
    {
        var malformed = CertificateSurgery.WithSubjectPublicKeyInfo(VerificationTestBed.Pki.Issuing.Certificate, CertificateSurgery.EcKeyWithoutParameters(), Ca.Tests.Support.Pki.TestKeys.New().Private);
        var signature = Support.Documents.CmsMutator.Mutate(bed.TimeStampedSignature, s => s, certificates => new DerSet(certificates.Cast<Asn1Encodable>().Append(malformed.CertificateStructure).ToArray()));

        var report = await VerifyAsync(signature);

        Assert.Equal(ValidationIndication.Failed, report.Indication);
        Assert.Equal(ValidationSubIndication.FormatFailure, report.SubIndication);
        Assert.Contains("public key", report.Message);
    }

    [Fact]
    public async Task Verify_EmbeddedIntermediateWithDifferentOuterSignatureAlgorithm_FailedFormatFailure()
    {
        var issuing = VerificationTestBed.Pki.Issuing.Certificate;
        var altered = CertificateSurgery.WithOuterSignatureAlgorithm(issuing, new AlgorithmIdentifier(Org.BouncyCastle.Asn1.X9.X9ObjectIdentifiers.ECDsaWithSha384));
        var signature = Support.Documents.CmsMutator.Mutate(bed.AttachedSignature, s => s,
            certificates => new DerSet(certificates.Cast<Asn1Encodable>().Select(c => c.ToAsn1Object().Equals(issuing.CertificateStructure.ToAsn1Object()) ? altered.CertificateStructure : c).ToArray()));

        var report = await VerifyAsync(signature, document: false);

        Assert.Equal(ValidationIndication.Failed, report.Indication);
        Assert.Equal(ValidationSubIndication.FormatFailure, report.SubIndication);
        Assert.Contains("4.1.1.2", report.Message);
    }

    private async Task<List<string>> FailuresAsync(byte[] signature, int seed, int count)
    {
        var failures = new List<string>();
        foreach (var mutation in ByteMutator.Mutate(signature, seed, count))
        {
            try
            {
                var report = await VerifyAsync(mutation.Bytes);
                if (report.SubIndication == ValidationSubIndication.FormatFailure && report.Indication != ValidationIndication.Failed)
                {
                    failures.Add($"{mutation}: FORMAT_FAILURE with {report.Indication}");
                }
            }
            catch (Exception e)
            {
                failures.Add($"{mutation}: {e.GetType().Name}: {e.Message}");
            }
        }

        return failures;
    }

    private Task<ValidationReport> VerifyAsync(byte[] signature, bool document = true) =>
        bed.Documents.VerifyAsync(signature, document ? new MemoryStream(VerificationTestBed.Document) : null, CancellationToken.None);
}
