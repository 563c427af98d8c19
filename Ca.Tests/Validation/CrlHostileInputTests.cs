using Ca.Core.Validation;
using Ca.Tests.Support;
using Ca.Tests.Support.Pki;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Validation;

/// <summary>
/// CRLs come from distribution points named in certificates anyone may submit, so their bytes are hostile input.
/// Seeded byte mutations of a real CRL (with an issuing distribution point, reasons, invalidity dates) are decoded
/// as a fetched CRL is and used to validate a path: the CRL is usable or not, the path gets a result, and nothing
/// throws.
/// </summary>
public sealed class CrlHostileInputTests
{
    private static readonly TestChain Chain = new();
    private static readonly byte[] RichCrl = BuildRichCrl();

    [Fact]
    public async Task Validate_IntactRichCrl_RevokedWithItsReason()
    {
        var crl = CrlDecoder.TryDecode(RichCrl);

        var result = await Chain.ValidateAsync(revocation: Chain.Crls(Chain.RootCrl, crl!));

        Assert.Equal(PathValidationFailure.Revoked, result.Failure);
        Assert.Equal(Ca.Core.Revocation.RevocationReason.KeyCompromise, result.RevocationReason);
    }

    [Fact]
    public void TryDecode_PemCrl_Decodes()
    {
        var pem = Ca.Core.Common.Pem.Encode("X509 CRL", RichCrl);

        Assert.NotNull(CrlDecoder.TryDecode(System.Text.Encoding.ASCII.GetBytes(pem)));
    }

    [Theory]
    [InlineData(5101)]
    [InlineData(5102)]
    [InlineData(5103)]
    public async Task Validate_MutatedCrl_ResultWithoutException(int seed)
    {
        var failures = new List<string>();
        foreach (var mutation in ByteMutator.Mutate(RichCrl, seed, 150))
        {
            try
            {
                if (CrlDecoder.TryDecode(mutation.Bytes) is { } crl)
                {
                    _ = await Chain.ValidateAsync(revocation: Chain.Crls(Chain.RootCrl, crl));
                }
            }
            catch (Exception e)
            {
                failures.Add($"{mutation}: {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task Validate_CrlEntryWithHugeReasonCode_CrlUnusableRevocationUnknown()
    {
        var entry = new DerSequence(
            new DerInteger(Chain.EndEntity.SerialNumber),
            new Time(new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc)),
            new DerSequence(new DerSequence(X509Extensions.ReasonCode, new DerOctetString(new DerEnumerated(BigInteger.One.ShiftLeft(80)).GetEncoded()))));
        var crl = SignCrl(new DerSequence(
            DerInteger.One,
            new AlgorithmIdentifier(Org.BouncyCastle.Asn1.X9.X9ObjectIdentifiers.ECDsaWithSha256),
            Chain.Intermediate.SubjectDN,
            new Time(new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc)),
            new Time(new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc)),
            new DerSequence(entry)));

        var result = await Chain.ValidateAsync(revocation: Chain.Crls(Chain.RootCrl, CrlDecoder.TryDecode(crl)!));

        Assert.Equal(PathValidationFailure.RevocationUnknown, result.Failure);
    }

    private static byte[] BuildRichCrl() => TestCrlBuilder.By(Chain.IntermediateCa)
        .Number(7)
        .Extension(X509Extensions.IssuingDistributionPoint, true, new IssuingDistributionPoint(
            distributionPoint: null,
            onlyContainsUserCerts: true, onlyContainsCACerts: false, onlySomeReasons: null, indirectCRL: false, onlyContainsAttributeCerts: false))
        .Revoke(BigInteger.ValueOf(424242), new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc), CrlReason.Superseded, new DateTime(2026, 1, 15, 0, 0, 0, DateTimeKind.Utc))
        .Revoke(Chain.EndEntity.SerialNumber, new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc), CrlReason.KeyCompromise, new DateTime(2026, 2, 20, 0, 0, 0, DateTimeKind.Utc))
        .Build()
        .GetEncoded();

    private static byte[] SignCrl(DerSequence tbs)
    {
        var algorithm = new AlgorithmIdentifier(Org.BouncyCastle.Asn1.X9.X9ObjectIdentifiers.ECDsaWithSha256);
        var calculator = new Asn1SignatureFactory(algorithm, Chain.IntermediateCa.PrivateKey).CreateCalculator();
        using (var stream = calculator.Stream)
        {
            tbs.EncodeTo(stream, Asn1Encodable.Der);
        }

        return new DerSequence(tbs, algorithm, new DerBitString(calculator.GetResult().Collect())).GetEncoded();
    }
}
