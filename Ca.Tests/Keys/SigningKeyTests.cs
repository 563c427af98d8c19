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
}
