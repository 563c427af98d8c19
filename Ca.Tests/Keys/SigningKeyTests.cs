using Ca.Core.Keys;
using Org.BouncyCastle.Crypto.Operators;

namespace Ca.Tests.Keys;

public sealed class SigningKeyTests
{
    [Theory]
    [InlineData(KeyAlgorithm.EcdsaP256)]
    [InlineData(KeyAlgorithm.EcdsaP384)]
    [InlineData(KeyAlgorithm.Rsa2048)]
    [InlineData(KeyAlgorithm.Ed25519)]
    public void Generate_AnySupportedAlgorithm_RoundTripsThroughPkcs8AndSignsVerifiably(KeyAlgorithm algorithm)
    {
        using var key = SigningKey.Generate(algorithm);
        using var reloaded = SigningKey.FromPkcs8(key.ExportPkcs8());

        Assert.Equal(algorithm, key.Algorithm);
        Assert.Equal(algorithm, reloaded.Algorithm);
        Assert.Equal(key.PublicKeyInfo.GetEncoded(), reloaded.PublicKeyInfo.GetEncoded());

        var data = "ลงนาม"u8.ToArray();
        var calculator = reloaded.SignatureFactory.CreateCalculator();
        calculator.Stream.Write(data);
        var signature = calculator.GetResult().Collect();

        var verifier = new Asn1VerifierFactoryProvider(key.PublicKey).CreateVerifierFactory(reloaded.SignatureFactory.AlgorithmDetails).CreateCalculator();
        verifier.Stream.Write(data);
        Assert.True(verifier.GetResult().IsVerified(signature));
    }

    [Theory]
    [InlineData(KeyAlgorithm.EcdsaP256)]
    [InlineData(KeyAlgorithm.Rsa2048)]
    public void SignatureFactory_DataWrittenInBytesSmallAndLargeChunks_SignsExactlyThatData(KeyAlgorithm algorithm)
    {
        // How BouncyCastle's encoders write: single tag/length bytes, short values, and (CRLs) megabytes.
        using var key = SigningKey.Generate(algorithm);
        var data = new byte[5000];
        new Random(7).NextBytes(data);
        var calculator = key.SignatureFactory.CreateCalculator();
        var stream = calculator.Stream;
        stream.WriteByte(data[0]);
        stream.Write(data, 1, 10);
        for (var i = 11; i < 1000; i++)
        {
            stream.WriteByte(data[i]);
        }

        stream.Write(data.AsSpan(1000, 1023));
        stream.Write(data.AsSpan(2023, 2500));
        stream.Write(data, 4523, 477);
        var signature = calculator.GetResult().Collect();

        var verifier = new Asn1VerifierFactoryProvider(key.PublicKey).CreateVerifierFactory(key.SignatureFactory.AlgorithmDetails).CreateCalculator();
        verifier.Stream.Write(data);
        Assert.True(verifier.GetResult().IsVerified(signature));
        data[4999] ^= 1;
        var tampered = new Asn1VerifierFactoryProvider(key.PublicKey).CreateVerifierFactory(key.SignatureFactory.AlgorithmDetails).CreateCalculator();
        tampered.Stream.Write(data);
        Assert.False(tampered.GetResult().IsVerified(signature));
    }
}
