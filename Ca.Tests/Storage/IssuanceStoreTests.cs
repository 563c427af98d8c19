using Ca.Core.Audit;
using Ca.Core.Issuance;
using Ca.Core.Profiles;
using Ca.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Ca.Tests.Storage;

/// <summary>The issuance store on a real SQLite file: rows appended by the writer read back exactly, and the database enforces serial uniqueness.</summary>
public sealed class IssuanceStoreTests : IAsyncLifetime
{
    private readonly string directory = Directory.CreateTempSubdirectory("pki-store-").FullName;
    private ServiceProvider services = null!;

    public async Task InitializeAsync()
    {
        services = new ServiceCollection().AddLogging().AddPkiStorage(new StorageOptions { DataDirectory = directory }).BuildServiceProvider();
        await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task SaveNewIssued_ThenRead_RoundTripsEveryField()
    {
        var store = services.GetRequiredService<IIssuanceStore>();
        var (request, certificate) = StoredSamples.Issued("0A1B2C3D4E5F");

        await store.SaveNewIssuedAsync(request, certificate, [StoredSamples.Audit("0A1B2C3D4E5F")], CancellationToken.None);

        var readRequest = await store.FindRequestAsync(request.Id, CancellationToken.None);
        var readCertificate = await store.FindCertificateAsync("0A1B2C3D4E5F", "issuing-ca", CancellationToken.None);
        Assert.NotNull(readRequest);
        Assert.Equal(request.SubmittedAt, readRequest.SubmittedAt);
        Assert.Equal(request.Subject, readRequest.Subject);
        Assert.Equal(request.Sans, readRequest.Sans);
        Assert.Equal(RequestStatus.Issued, readRequest.Status);
        Assert.NotNull(readCertificate);
        Assert.Equal(certificate.Der, readCertificate.Der);
        Assert.Equal(certificate.NotAfter, readCertificate.NotAfter);
        Assert.Equal(certificate.IssuedAt, readCertificate.IssuedAt);
        Assert.Equal(request.Id, readCertificate.RequestId);
        var chain = await new AuditService(services.GetRequiredService<IAuditLog>(), TimeProvider.System).VerifyAsync(CancellationToken.None);
        Assert.True(chain.Valid);
        Assert.Equal(1, chain.Records);
    }

    [Fact]
    public async Task SaveNewIssued_ManyAtOnce_EveryRowOfEveryBatchReadsBack()
    {
        var store = services.GetRequiredService<IIssuanceStore>();
        var samples = Enumerable.Range(0, 200).Select(i => StoredSamples.Issued($"{0x1000 + i:X4}")).ToList();

        await Task.WhenAll(samples.Select(s => Task.Run(() => store.SaveNewIssuedAsync(s.Item1, s.Item2, [StoredSamples.Audit(s.Item2.SerialNumber)], CancellationToken.None))));

        foreach (var (request, certificate) in samples)
        {
            var read = await store.FindRequestAsync(request.Id, CancellationToken.None);
            Assert.NotNull(read);
            Assert.Equal(request.SubmittedAt, read.SubmittedAt);
            Assert.Equal(certificate.SerialNumber, read.CertificateSerial);
            Assert.Equal(request.Id, (await store.FindCertificateAsync(certificate.SerialNumber, "issuing-ca", CancellationToken.None))!.RequestId);
        }

        var chain = await new AuditService(services.GetRequiredService<IAuditLog>(), TimeProvider.System).VerifyAsync(CancellationToken.None);
        Assert.True(chain.Valid);
        Assert.Equal(200, chain.Records);
    }

    [Fact]
    public async Task SaveNewIssued_SameSerialTwice_SecondIsACollisionAndFirstStands()
    {
        var store = services.GetRequiredService<IIssuanceStore>();
        var (first, firstCertificate) = StoredSamples.Issued("7F00");
        var (second, secondCertificate) = StoredSamples.Issued("7F00");
        await store.SaveNewIssuedAsync(first, firstCertificate, [StoredSamples.Audit("7F00")], CancellationToken.None);

        await Assert.ThrowsAsync<SerialNumberCollisionException>(() => store.SaveNewIssuedAsync(second, secondCertificate, [StoredSamples.Audit("7F00")], CancellationToken.None));

        Assert.NotNull(await store.FindRequestAsync(first.Id, CancellationToken.None));
        Assert.Null(await store.FindRequestAsync(second.Id, CancellationToken.None));
        Assert.True((await new AuditService(services.GetRequiredService<IAuditLog>(), TimeProvider.System).VerifyAsync(CancellationToken.None)).Valid);
    }

    [Fact]
    public async Task SaveNewIssued_SameSerialFromAnotherIssuer_IsAcceptedAndEachIsFoundByItsIssuer()
    {
        // RFC 5280 makes a serial unique per issuer, not across issuers.
        var store = services.GetRequiredService<IIssuanceStore>();
        var (first, firstCertificate) = StoredSamples.Issued("7F01");
        var (second, secondCertificate) = StoredSamples.Issued("7F01");
        second = second with { CaId = "issuing-ca-2" };
        secondCertificate = secondCertificate with { IssuerId = "issuing-ca-2", RequestId = second.Id };

        await store.SaveNewIssuedAsync(first, firstCertificate, [StoredSamples.Audit("7F01")], CancellationToken.None);
        await store.SaveNewIssuedAsync(second, secondCertificate, [StoredSamples.Audit("7F01")], CancellationToken.None);

        Assert.Equal(first.Id, (await store.FindCertificateAsync("7F01", "issuing-ca", CancellationToken.None))!.RequestId);
        Assert.Equal(second.Id, (await store.FindCertificateAsync("7F01", "issuing-ca-2", CancellationToken.None))!.RequestId);
        Assert.Equal(first.Id, (await store.FindCertificateAsync("7F01", null, CancellationToken.None))!.RequestId);
    }
}
