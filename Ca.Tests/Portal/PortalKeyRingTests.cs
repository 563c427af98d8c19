using System.Security.Cryptography;
using System.Xml.Linq;
using Ca.Api.Portal.Infrastructure;
using Ca.Api.Portal.KeyRing;
using Ca.Core.Keys;
using Ca.Storage;
using Ca.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Ca.Tests.Portal;

/// <summary>
/// The data-protection key ring behind session cookies and password-reset links: encrypted under the
/// KEK, readable by every instance that shares the folder and the KEK, useless without the KEK. Real
/// data protection, real files; no server needed.
/// </summary>
public sealed class PortalKeyRingTests
{
    private const string OtherKek = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    [Fact]
    public void KeyRing_PlaintextKeysOfAnEarlierVersion_EncryptedInPlace_AndStillOpenWhatTheyProtected()
    {
        using var folder = new TemporaryDirectory();
        var ring = Path.Combine(folder.Path, "portal-keys");
        string sealedSession;
        using (var earlier = new ServiceCollection().AddLogging().AddDataProtection().SetApplicationName("PkiService")
                   .PersistKeysToFileSystem(new DirectoryInfo(ring)).Services.BuildServiceProvider())
        {
            sealedSession = earlier.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Protect("a session");
        }

        var keyFile = Assert.Single(Directory.GetFiles(ring, "*.xml"));
        var masterKey = XDocument.Load(keyFile).Descendants("masterKey").Single().Element("value")!.Value;
        Assert.False(string.IsNullOrWhiteSpace(masterKey));

        using var portal = Portal(ring, PkiApiFactory.TestKek, folder.Path);
        var opened = portal.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Unprotect(sealedSession);

        Assert.Equal("a session", opened);
        var stored = File.ReadAllText(keyFile);
        Assert.DoesNotContain(masterKey, stored, StringComparison.Ordinal);
        Assert.Contains("encryptedSecret", stored, StringComparison.Ordinal);
        Assert.Contains(nameof(KekXmlDecryptor), stored, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyRing_SharedFolder_InstancesWithTheKekReadEachOther_ADifferentKekCannot()
    {
        using var folder = new TemporaryDirectory();
        var ring = Path.Combine(folder.Path, "shared-ring");
        using var first = Portal(ring, PkiApiFactory.TestKek, Path.Combine(folder.Path, "one"));
        using var second = Portal(ring, PkiApiFactory.TestKek, Path.Combine(folder.Path, "two"));
        using var stranger = Portal(ring, OtherKek, Path.Combine(folder.Path, "three"));

        var token = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("reset-link").Protect("per_123");

        Assert.Equal("per_123", second.GetRequiredService<IDataProtectionProvider>().CreateProtector("reset-link").Unprotect(token));
        Assert.ThrowsAny<CryptographicException>(() => stranger.GetRequiredService<IDataProtectionProvider>().CreateProtector("reset-link").Unprotect(token));
        Assert.All(Directory.GetFiles(ring, "*.xml").Select(File.ReadAllText), stored =>
        {
            Assert.DoesNotContain("<masterKey", stored, StringComparison.Ordinal);
            Assert.Contains("kekEncrypted", stored, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void KeyRing_NoFolderConfigured_LivesBesideTheDatabase()
    {
        using var folder = new TemporaryDirectory();
        using var portal = Portal(null, PkiApiFactory.TestKek, folder.Path);

        Assert.Equal(Path.Combine(folder.Path, "portal-keys"), PortalKeyRing.Directory(portal));
    }

    /// <summary>The portal's key-ring services alone, as the service registers them.</summary>
    private static ServiceProvider Portal(string? keyRing, string kek, string dataDirectory)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IKeyProtector>(AesGcmKeyProtector.FromBase64(kek));
        services.AddSingleton(new StorageOptions { DataDirectory = dataDirectory });
        services.AddOptions<PortalOptions>().Configure(o => o.KeyRingDirectory = keyRing);
        services.AddPortalKeyRing();
        return services.BuildServiceProvider();
    }
}
