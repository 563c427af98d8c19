using System.Security.Cryptography;
using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Documents;
using Ca.Core.Issuance;
using Ca.Core.Keys;
using Ca.Core.Timestamping;
using Ca.Core.Validation;
using Ca.Storage;
using Ca.Tests.Storage;
using Ca.Tests.Support;
using Ca.Tests.Support.Documents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Ca.Tests.Validation;

/// <summary>
/// Core's two verification services as production wires them, over the document test PKI: its root and issuing CA
/// are the service's own hierarchy, a real SQLite issuance store knows the EC e-seal and TSA certificates (so
/// both validate PASSED), and CAdES signatures by that e-seal, with and without a time-stamp, are at hand.
/// </summary>
public sealed class VerificationTestBed : IAsyncLifetime
{
    private readonly string directory = Directory.CreateTempSubdirectory("pki-verification-").FullName;
    private ServiceProvider storage = null!;

    internal static DocumentPki Pki => DocumentPki.Shared;

    public static byte[] Document { get; } = "หนังสือรับรอง สำหรับทดสอบการตรวจสอบ\n"u8.ToArray();

    public CertificateVerificationService Certificates { get; private set; } = null!;

    public DocumentVerificationService Documents { get; private set; } = null!;

    /// <summary>A detached CAdES B-T signature of <see cref="Document"/> by the EC e-seal.</summary>
    public byte[] TimeStampedSignature { get; private set; } = null!;

    /// <summary>An attached CAdES B-B signature of <see cref="Document"/> by the EC e-seal.</summary>
    public byte[] AttachedSignature { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        storage = new ServiceCollection().AddLogging().AddPkiStorage(new StorageOptions { DataDirectory = directory }).BuildServiceProvider();
        await storage.GetRequiredService<DatabaseInitializer>().MigrateAsync(CancellationToken.None);
        var store = storage.GetRequiredService<IIssuanceStore>();
        foreach (var issued in new[] { Pki.EcSigner.Certificate, Pki.Tsa.Certificate })
        {
            var serial = SerialNumber.From(issued.SerialNumber).Hex;
            var (request, record) = StoredSamples.Issued(serial);
            await store.SaveNewIssuedAsync(request, record with { Der = issued.GetEncoded(), Subject = issued.SubjectDN.ToString() }, [StoredSamples.Audit(serial)], CancellationToken.None);
        }

        var authorities = new InMemoryAuthorityStore();
        foreach (var authority in new[] { Pki.Root, Pki.Issuing })
        {
            await authorities.AddAsync(authority.Record, StoredSamples.Audit(authority.Record.Id), CancellationToken.None);
        }

        var registry = new AuthorityRegistry(authorities, new AesGcmKeyProtector(RandomNumberGenerator.GetBytes(32)));
        var trust = new TrustStore(registry, new IssuedCertificateRevocationChecker(registry, store), Options.Create(new ValidationOptions()));
        var clock = new FakeTimeProvider(Pki.Now);
        var builder = new CertificatePathBuilder(clock: TimeProvider.System);
        Certificates = new CertificateVerificationService(trust, builder, new CertificatePathValidator(), clock);
        Documents = new DocumentVerificationService(new CmsSignatureInspector(), trust, builder, new CertificatePathValidator(), clock);

        var signer = new CadesSigner(clock, new LocalTimeStampClient(new TimeStampAuthority(new FixedTsaSigner(Pki.Tsa), clock, Options.Create(new TsaOptions()))));
        TimeStampedSignature = await signer.SignAsync(Document, Pki.EcSigner, detached: true, timestamp: true, CancellationToken.None);
        AttachedSignature = await signer.SignAsync(Document, Pki.EcSigner, detached: false, timestamp: false, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await storage.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
