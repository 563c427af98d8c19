using Ca.Core.Keys;
using Ca.Core.Keys.Pkcs11;
using Ca.Tests.Support.Hsm;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Security;

namespace Ca.Tests.Keys.Pkcs11;

/// <summary>Keys on a real SoftHSM2 token, each test with a token of its own.</summary>
[Collection(SoftHsmCollection.Name)]
public sealed class Pkcs11KeyProviderTests : IDisposable
{
    private const string Token = "PkiService";
    private readonly SoftHsm hsm = new();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

    public Pkcs11KeyProviderTests()
    {
        hsm.InitToken(Token);
        hsm.UseInThisProcess();
    }

    public void Dispose() => hsm.Dispose();

    [Theory]
    [InlineData(KeyAlgorithm.EcdsaP256)]
    [InlineData(KeyAlgorithm.EcdsaP384)]
    [InlineData(KeyAlgorithm.Rsa2048)]
    public void Generate_OnToken_SignsWhatItsPublicKeyVerifies(KeyAlgorithm algorithm)
    {
        using var provider = Provider();
        using var generated = provider.Generate("issuing-ca", algorithm);

        Assert.True(Verifies(generated.Key, "to be signed"u8.ToArray(), Sign(generated.Key, "to be signed"u8.ToArray())));
        Assert.False(Verifies(generated.Key, "something else"u8.ToArray(), Sign(generated.Key, "to be signed"u8.ToArray())));
        Assert.Equal(algorithm, generated.Key.Algorithm);
        Assert.StartsWith("pkcs11:token=PkiService;object=issuing-ca;id=%", System.Text.Encoding.ASCII.GetString(generated.StoredForm), StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_RsaPssWhereTheTokenHasIt_SignsRsassaPss()
    {
        using var provider = Provider(o => o.RsaPss = true);
        using var generated = provider.Generate("tsa-1", KeyAlgorithm.Rsa2048);

        Assert.Equal(Org.BouncyCastle.Asn1.Pkcs.PkcsObjectIdentifiers.IdRsassaPss, generated.Key.SignatureAlgorithm.Algorithm);
        Assert.True(Verifies(generated.Key, "pss"u8.ToArray(), Sign(generated.Key, "pss"u8.ToArray())));
    }

    [Fact]
    public async Task XadesSign_RsaPssKeyOnTheToken_Refused422RatherThanLabelledRsaSha256()
    {
        using var provider = Provider(o => o.RsaPss = true);
        using var generated = provider.Generate("e-seal-pss", KeyAlgorithm.Rsa2048);
        var signer = new Ca.Core.Documents.DocumentSigningMaterial(generated.Key, Support.Documents.DocumentPki.Shared.RsaSigner.Certificate, []);

        var refused = await Assert.ThrowsAsync<Ca.Core.Common.CaException>(() =>
            new Ca.Core.Documents.Xades.XadesSigner(clock).SignAsync("<invoice/>"u8.ToArray(), signer, timestamp: false, CancellationToken.None));

        Assert.Equal("unsupported-key", refused.Code);
        Assert.Equal(Ca.Core.Common.CaErrorKind.Unprocessable, refused.Kind);
    }

    [Fact]
    public void Open_StoredUriAfterARestart_SignsWithTheSameKey()
    {
        byte[] stored;
        Org.BouncyCastle.Asn1.X509.SubjectPublicKeyInfo publicKey;
        using (var first = Provider())
        using (var generated = first.Generate("root-ca", KeyAlgorithm.EcdsaP384))
        {
            stored = generated.StoredForm;
            publicKey = generated.Key.PublicKeyInfo;
        }

        using var restarted = Provider();
        var reopened = restarted.Open("root-ca", stored)!;

        Assert.Equal(publicKey, reopened.PublicKeyInfo);
        Assert.True(Verifies(reopened, "after restart"u8.ToArray(), Sign(reopened, "after restart"u8.ToArray())));
    }

    [Fact]
    public void Open_KeyOnAnotherToken_IsNullMeaningOffline()
    {
        using var provider = Provider();
        var elsewhere = new TokenKeyUri("RootToken", "root-ca", [1, 2, 3]).ToStoredForm();

        Assert.Null(provider.Open("root-ca", elsewhere));
    }

    [Fact]
    public void PrivateKey_ReadingItsValue_IsRefusedAndItIsSensitiveAndNeverExtractable()
    {
        using (var provider = Provider())
        using (provider.Generate("issuing-ca", KeyAlgorithm.EcdsaP256))
        {
        }

        // An inspector of our own, on its own copy of the module, reads the private object.
        var factories = new Pkcs11InteropFactories();
        using var library = factories.Pkcs11LibraryFactory.LoadPkcs11Library(factories, hsm.NewModuleCopy(), AppType.MultiThreaded);
        var slot = library.GetSlotList(SlotsType.WithTokenPresent).Single(s => s.GetTokenInfo().Label.Trim() == Token);
        using var session = slot.OpenSession(SessionType.ReadOnly);
        session.Login(CKU.CKU_USER, SoftHsm.UserPin);
        var key = session.FindAllObjects([factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY), factories.ObjectAttributeFactory.Create(CKA.CKA_LABEL, "issuing-ca")]).Single();

        var flags = session.GetAttributeValue(key, [CKA.CKA_SENSITIVE, CKA.CKA_EXTRACTABLE, CKA.CKA_ALWAYS_SENSITIVE, CKA.CKA_NEVER_EXTRACTABLE, CKA.CKA_PRIVATE, CKA.CKA_TOKEN]);
        Assert.All(new[] { 0, 2, 3, 4, 5 }, i => Assert.True(flags[i].GetValueAsBool(), $"attribute {i} should be true"));
        Assert.False(flags[1].GetValueAsBool());
        var value = ReadValue(session, key);
        Assert.True(value is null || value.Length == 0, "CKA_VALUE of the private key was readable");

        var listed = hsm.Pkcs11Tool(Token, "--list-objects").EnsureSuccess().StandardOutput;
        var privateObject = listed[listed.IndexOf("Private Key Object", StringComparison.Ordinal)..];
        Assert.Contains("label:      issuing-ca", privateObject, StringComparison.Ordinal);
        Assert.Contains("sensitive", privateObject, StringComparison.Ordinal);
        Assert.Contains("never extractable", privateObject, StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_WrongPin_RefusesWithOneClearMessage()
    {
        var options = Options();
        options.PinFile = null;
        options.Pin = "00000000";
        using var provider = new Pkcs11KeyProvider(options, clock, NullLogger.Instance);

        var refused = Assert.Throws<KeyUnavailableException>(provider.Connect);

        Assert.Contains("refused the PIN", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("00000000", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_TokenUnpluggedThenBack_UnavailableThenSignsAgainWithoutRestart()
    {
        using var provider = Provider();
        using var generated = provider.Generate("issuing-ca", KeyAlgorithm.EcdsaP256);
        Sign(generated.Key, "before"u8.ToArray());

        var away = hsm.Unplug();
        Assert.Throws<KeyUnavailableException>(() => Sign(generated.Key, "while unplugged"u8.ToArray()));
        Assert.Throws<KeyUnavailableException>(() => Sign(generated.Key, "still unplugged"u8.ToArray()));

        hsm.PlugBackIn(away);
        clock.Advance(TimeSpan.FromSeconds(2));
        var signature = Sign(generated.Key, "after"u8.ToArray());

        Assert.True(Verifies(generated.Key, "after"u8.ToArray(), signature));
    }

    private static byte[]? ReadValue(ISession session, IObjectHandle key)
    {
        try
        {
            var attribute = session.GetAttributeValue(key, [CKA.CKA_VALUE])[0];
            return attribute.CannotBeRead ? null : attribute.GetValueAsByteArray();
        }
        catch (Pkcs11Exception e) when (e.RV == CKR.CKR_ATTRIBUTE_SENSITIVE)
        {
            return null;
        }
    }

    private Pkcs11Options Options() => new()
    {
        ModulePath = hsm.NewModuleCopy(),
        TokenLabel = Token,
        PinFile = hsm.PinFile,
        Sessions = 4,
    };

    private Pkcs11KeyProvider Provider(Action<Pkcs11Options>? configure = null)
    {
        var options = Options();
        configure?.Invoke(options);
        var provider = new Pkcs11KeyProvider(options, clock, NullLogger.Instance);
        provider.Connect();
        return provider;
    }

    private static byte[] Sign(ISigningKey key, byte[] data)
    {
        var calculator = key.SignatureFactory.CreateCalculator();
        calculator.Stream.Write(data);
        return calculator.GetResult().Collect();
    }

    private static bool Verifies(ISigningKey key, byte[] data, byte[] signature)
    {
        var verifier = new Asn1VerifierFactoryProvider(PublicKeyFactory.CreateKey(key.PublicKeyInfo)).CreateVerifierFactory(key.SignatureAlgorithm).CreateCalculator();
        verifier.Stream.Write(data);
        return verifier.GetResult().IsVerified(signature);
    }
}
