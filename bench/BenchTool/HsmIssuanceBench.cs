using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Core.Keys;
using Ca.Core.Keys.Pkcs11;
using Ca.Core.Profiles;
using Microsoft.Extensions.Logging.Abstractions;
using Org.BouncyCastle.Asn1.X509;

namespace BenchTool;

/// <summary>
/// <c>hsm-issue MODULE TOKEN PIN_FILE [SECONDS]</c>: signs tls-server certificates with a CA key in
/// software (KEK-wrapped, reopened as the service does) and with a CA key on a PKCS#11 token, in the
/// same process and run, one signer thread and then one per core. Each CA is opened through
/// <see cref="AuthorityRegistry"/> from its stored form, exactly as the service opens its CAs, and
/// each certificate goes through <see cref="LeafCertificateBuilder"/>, the builder the service issues
/// with; what is measured is therefore the part of issuance that depends on where the CA key is
/// (CSR checks and the database commit are the same for both and are left out).
/// </summary>
internal static class HsmIssuanceBench
{
    public static async Task RunAsync(string module, string tokenLabel, string pinFile, int seconds)
    {
        using var pkcs11 = new Pkcs11KeyProvider(new Pkcs11Options { ModulePath = module, TokenLabel = tokenLabel, PinFile = pinFile }, TimeProvider.System, NullLogger.Instance);
        pkcs11.Connect();
        var software = new SoftwareKeyProvider(AesGcmKeyProtector.FromBase64(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        var keys = new KeyProviders(software, pkcs11, new KeyOptions());
        var urls = new PublicUrls("http://127.0.0.1:5080");
        var profile = BuiltInProfiles.All["tls-server"];
        using var subscriber = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subscriberKey = SubjectPublicKeyInfo.GetInstance(subscriber.ExportSubjectPublicKeyInfo());
        var subject = SubjectNames.Encode(SubjectNames.FromRequest(new Dictionary<string, string> { ["CN"] = "www.bench.example.co.th", ["O"] = "Bench", ["L"] = "Bangkok", ["C"] = "TH" }));
        IReadOnlyList<SubjectAltName> sans = [SubjectAltNames.Parse("www.bench.example.co.th", "sans")];
        int[] threadCounts = Environment.ProcessorCount > 1 ? [1, Environment.ProcessorCount] : [1];

        Console.WriteLine($"# hsm-issue: {seconds} s per row after 1 s warm-up; {Environment.ProcessorCount} cores; module {module}");
        foreach (var algorithm in new[] { KeyAlgorithm.EcdsaP256, KeyAlgorithm.Rsa2048 })
        {
            foreach (IKeyProvider provider in new IKeyProvider[] { software, pkcs11 })
            {
                var issuer = await OpenCaAsync(keys, provider, algorithm).ConfigureAwait(false);
                foreach (var threads in threadCounts)
                {
                    X509Sign(issuer, TimeSpan.FromSeconds(1), threads);
                    var (count, elapsed) = X509Sign(issuer, TimeSpan.FromSeconds(seconds), threads);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"BENCH hsm-issue ca_key={(provider == pkcs11 ? "softhsm2" : "software")} algorithm={algorithm.ToName()} threads={threads} certificates={count} seconds={elapsed.TotalSeconds:F2} per_second={count / elapsed.TotalSeconds:F0} mean_us_per_thread={elapsed.TotalMicroseconds * threads / count:F0}"));
                }
            }
        }

        (long Count, TimeSpan Elapsed) X509Sign(CertificateAuthority issuer, TimeSpan duration, int threads)
        {
            var notBefore = DateTimeOffset.UtcNow.AddMinutes(-1);
            var notAfter = notBefore.AddDays(90);
            long count = 0;
            var stopwatch = Stopwatch.StartNew();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
            {
                while (stopwatch.Elapsed < duration)
                {
                    LeafCertificateBuilder.Build(
                        new LeafCertificateBuilder.Template(issuer, profile, subject, subscriberKey, KeyAlgorithm.EcdsaP256, sans, SerialNumber.NewRandom(), notBefore, notAfter),
                        urls).GetEncoded();
                    Interlocked.Increment(ref count);
                }
            });
            return (count, stopwatch.Elapsed);
        }
    }

    /// <summary>Generates a CA key with the provider, self-signs it, and opens it from its stored form through the registry.</summary>
    private static async Task<CertificateAuthority> OpenCaAsync(KeyProviders keys, IKeyProvider provider, KeyAlgorithm algorithm)
    {
        var id = $"bench-ca-{provider.Name}-{algorithm.ToName()}-{Guid.NewGuid():N}".ToLowerInvariant();
        var now = DateTimeOffset.UtcNow;
        using var generated = provider.Generate(id, algorithm);
        var certificate = AuthorityCertificateBuilder.BuildRoot(new X509Name($"CN=Bench CA {provider.Name} {algorithm.ToName()},O=Bench,C=TH"), generated.Key, now.AddMinutes(-5), now.AddYears(1));
        var record = new AuthorityRecord(id, id, null, certificate.GetEncoded(), generated.StoredForm, algorithm, AuthorityStatus.Active, now);
        var registry = new AuthorityRegistry(new Program.SingleAuthorityStore(record), keys);
        return await registry.FindAsync(id, CancellationToken.None).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The bench CA {id} did not open.");
    }
}
