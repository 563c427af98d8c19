using System.Xml.Linq;
using Ca.Api.Portal.Infrastructure;
using Ca.Core.Keys;
using Ca.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Ca.Api.Portal.KeyRing;

/// <summary>
/// Where the portal's data-protection key ring lives and how it is protected. Keys are encrypted under
/// the KEK (<see cref="KekXmlEncryptor"/>). The ring is an <see cref="IXmlRepository"/> from DI: by
/// default a folder (<c>Pki:Portal:KeyRingDirectory</c>, else <c>{DataDirectory}/portal-keys</c>),
/// which several instances can share (a network volume) since they share the KEK; a database-backed
/// repository registered before <see cref="AddPortalKeyRing"/> replaces it with no other change.
/// </summary>
internal static class PortalKeyRing
{
    private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";

    public static IServiceCollection AddPortalKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("PkiService");
        services.TryAddSingleton<IXmlRepository>(FolderRepository);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            o.XmlRepository = sp.GetRequiredService<IXmlRepository>();
            o.XmlEncryptor = new KekXmlEncryptor(sp.GetRequiredService<IKeyProtector>());
        }));
        return services;
    }

    /// <summary>The ring in a folder (<see cref="Directory"/>); plaintext keys of earlier versions are encrypted first.</summary>
    public static IXmlRepository FolderRepository(IServiceProvider services)
    {
        var directory = Directory(services);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Ca.Api.Portal.KeyRing");
        PrivateFiles.EnsureDirectory(directory, logger);
        EncryptPlaintextKeys(directory, new KekXmlEncryptor(services.GetRequiredService<IKeyProtector>()), logger);
        return new FileSystemXmlRepository(new DirectoryInfo(directory), services.GetRequiredService<ILoggerFactory>());
    }

    /// <summary>The key-ring folder: configured, or beside the database.</summary>
    public static string Directory(IServiceProvider services)
    {
        var configured = services.GetRequiredService<IOptions<PortalOptions>>().Value.KeyRingDirectory;
        return string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(services.GetRequiredService<StorageOptions>().DataDirectory, "portal-keys")
            : Path.GetFullPath(configured);
    }

    /// <summary>
    /// Key files written before the ring was encrypted hold their master keys in clear. Each secret
    /// element (marked <c>requiresEncryption</c>) is replaced by its encrypted form, in the layout data
    /// protection itself writes (<c>encryptedSecret</c> naming the decryptor), so the same keys keep
    /// working (sessions and reset links survive) and nothing readable is left on disk.
    /// </summary>
    internal static int EncryptPlaintextKeys(string directory, IXmlEncryptor encryptor, ILogger logger)
    {
        var encrypted = 0;
        foreach (var path in System.IO.Directory.EnumerateFiles(directory, "*.xml"))
        {
            var document = XDocument.Load(path);
            var secrets = document.Descendants()
                .Where(e => (string?)e.Attribute(DataProtection + "requiresEncryption") == "true")
                .ToList();
            if (secrets.Count == 0)
            {
                continue;
            }

            foreach (var secret in secrets)
            {
                var info = encryptor.Encrypt(new XElement(secret));
                secret.ReplaceWith(new XElement(DataProtection + "encryptedSecret",
                    new XAttribute("decryptorType", info.DecryptorType.AssemblyQualifiedName!),
                    info.EncryptedElement));
            }

            var temporary = path + ".tmp";
            File.Delete(temporary);
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                document.Save(stream);
            }

            File.Move(temporary, path, overwrite: true);
            encrypted++;
        }

        if (encrypted > 0)
        {
            logger.LogWarning("Encrypted {Count} portal key file(s) in {Directory} that were stored in clear by an earlier version", encrypted, directory);
        }

        return encrypted;
    }
}
