using Ca.Core.Audit;
using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Keys;
using Ca.Core.Keys.Pkcs11;
using Ca.Core.Revocation;
using Ca.Storage;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.X509;

namespace Ca.Api.Startup;

/// <summary>
/// <c>dotnet Ca.Api.dll ceremony &lt;init|crl|import&gt; --operator NAME [--witness NAME]... --root-token LABEL
/// [--root-pin-file PATH] [--root-module PATH] [--arl-days N] [--certificate ID=PATH]...</c>: the key
/// ceremony, run with the service stopped, on the same configuration as the service (appsettings,
/// environment: database, KEK, <c>Pki:Keys</c>, <c>Pki:Hierarchy</c>). An entry of the service rather
/// than a separate tool, because it must use exactly the wiring, database provider and key providers
/// the service will run with, and ships in the same image.
/// </summary>
internal static class CeremonyCommand
{
    public const string Command = "ceremony";
    private const string Usage = """
        usage: ceremony init   --operator NAME [--witness NAME]... --root-token LABEL [--root-pin-file PATH] [--root-module PATH] [--arl-days 365]
               ceremony crl    --operator NAME [--witness NAME]... --root-token LABEL [--root-pin-file PATH] [--root-module PATH] [--arl-days 365]
               ceremony import --operator NAME [--witness NAME]... --root-token LABEL --certificate ID=PEMFILE... [--arl-days 365]
        init creates the root key on the root's token and self-signs it, creates the issuing CAs' keys on the
        service's token (Pki:Keys) and signs them, and signs the root's CRL; crl signs a new root CRL; import
        brings CA certificates whose keys are already on the tokens, found by label (the CA id).
        """;

    public static async Task<int> RunAsync(string[] arguments)
    {
        if (arguments.Length == 0 || arguments[0] is not ("init" or "crl" or "import"))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var (options, serviceArguments) = Parse(arguments[1..]);
        var builder = WebApplication.CreateBuilder(serviceArguments);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddPkiServices();
        await using var app = builder.Build();
        try
        {
            app.Services.GetRequiredService<IKeyProtector>();
            app.Services.ConnectKeyProviders();
            await app.Services.GetRequiredService<DatabaseInitializer>().MigrateAsync(CancellationToken.None);
            var rootToken = Single(options, "root-token") ?? throw new StartupRefusedException("Name the root's token: --root-token LABEL.");
            var online = app.Services.GetRequiredService<IOptions<KeyOptions>>().Value.Pkcs11;
            using var rootKeys = new Pkcs11KeyProvider(
                new Pkcs11Options
                {
                    ModulePath = Single(options, "root-module") ?? online.ModulePath,
                    TokenLabel = rootToken,
                    PinFile = Single(options, "root-pin-file") ?? online.PinFile,
                    Pin = Single(options, "root-pin-file") is null ? online.Pin : null,
                    Sessions = 1,
                },
                TimeProvider.System,
                app.Logger);
            rootKeys.Connect();

            var who = new KeyCeremony.Participants(
                Many(options, "operator"),
                Many(options, "witness"),
                TimeSpan.FromDays(int.Parse(Single(options, "arl-days") ?? "365", System.Globalization.CultureInfo.InvariantCulture)));
            var ceremony = new KeyCeremony(
                app.Services.GetRequiredService<IAuthorityStore>(),
                app.Services.GetRequiredService<IRevocationStore>(),
                app.Services.GetRequiredService<IAuditLog>(),
                app.Services.GetRequiredService<KeyProviders>(),
                app.Services.GetRequiredService<SoftwareKeyProvider>(),
                app.Services.GetRequiredService<IOptions<HierarchyOptions>>(),
                app.Services.GetRequiredService<PublicUrls>(),
                app.Services.GetRequiredService<TimeProvider>(),
                app.Services.GetRequiredService<IOptions<CrlOptions>>());
            var record = arguments[0] switch
            {
                "init" => await ceremony.CreateHierarchyAsync(who, rootKeys, CancellationToken.None),
                "crl" => await ceremony.SignRootCrlAsync(who, rootKeys, CancellationToken.None),
                _ => await ceremony.ImportAsync(
                    who,
                    Many(options, "certificate").Select(ReadCertificate).ToList(),
                    rootKeys,
                    app.Services.GetService<Pkcs11KeyProvider>() ?? throw new StartupRefusedException("Import needs the service's token: set Pki:Keys:Pkcs11."),
                    CancellationToken.None),
            };
            Print(record);
            return 0;
        }
        catch (Exception e) when (e is StartupRefusedException or CaException or KeyUnavailableException or FormatException or IOException or InvalidOperationException or Org.BouncyCastle.Security.Certificates.CertificateException or System.Security.Cryptography.CryptographicException or Org.BouncyCastle.Security.InvalidKeyException or Org.BouncyCastle.Security.SignatureException)
        {
            Console.Error.WriteLine($"Ceremony failed: {e.Message}");
            return 1;
        }
    }

    private static void Print(CeremonyRecord record)
    {
        Console.WriteLine($"Key ceremony {record.Kind} at {record.At:O}; operators: {string.Join(", ", record.Operators)}; witnesses: {(record.Witnesses.Count == 0 ? "none" : string.Join(", ", record.Witnesses))}");
        foreach (var authority in record.Authorities)
        {
            Console.WriteLine($"  {authority.Id}: {authority.Subject}");
            Console.WriteLine($"    SHA-256 fingerprint {authority.Sha256Fingerprint}");
            Console.WriteLine($"    key {authority.Key}");
        }

        Console.WriteLine($"  CRL of {record.Crl.CaId}: number {record.Crl.Number}, valid until {record.Crl.NextUpdate:O}, SHA-256 {record.Crl.Sha256Fingerprint}");
        Console.WriteLine($"Ceremony record signed by {record.RootId} ({record.RootFingerprint}) appended to the audit log ({AuditActions.KeyCeremony}).");
    }

    private static (string Id, X509Certificate Certificate) ReadCertificate(string argument)
    {
        var separator = argument.IndexOf('=', StringComparison.Ordinal);
        if (separator <= 0)
        {
            throw new FormatException($"--certificate takes ID=PEMFILE, not '{argument}'.");
        }

        var der = Pem.TryDecode(File.ReadAllText(argument[(separator + 1)..]), "CERTIFICATE")
            ?? throw new FormatException($"{argument[(separator + 1)..]} holds no PEM certificate.");
        return (argument[..separator], new X509Certificate(der));
    }

    private static (Dictionary<string, List<string>> Options, string[] ServiceArguments) Parse(string[] arguments)
    {
        var known = new HashSet<string>(StringComparer.Ordinal) { "operator", "witness", "root-token", "root-pin-file", "root-module", "arl-days", "certificate" };
        var options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var rest = new List<string>();
        for (var i = 0; i < arguments.Length; i++)
        {
            var name = arguments[i].StartsWith("--", StringComparison.Ordinal) ? arguments[i][2..] : null;
            if (name is not null && known.Contains(name) && i + 1 < arguments.Length)
            {
                (options.TryGetValue(name, out var values) ? values : options[name] = []).Add(arguments[++i]);
            }
            else
            {
                rest.Add(arguments[i]);
            }
        }

        return (options, rest.ToArray());
    }

    private static string? Single(Dictionary<string, List<string>> options, string name) =>
        options.TryGetValue(name, out var values) ? values[^1] : null;

    private static List<string> Many(Dictionary<string, List<string>> options, string name) =>
        options.TryGetValue(name, out var values) ? values : [];
}
