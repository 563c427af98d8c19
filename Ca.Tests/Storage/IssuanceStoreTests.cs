using Ca.Core.Audit;
using Ca.Core.Issuance;
using Ca.Core.Profiles;
using Ca.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Ca.Tests.Storage;

/// <summary>The issuance store on a real SQLite file: rows appended by the writer read back exactly, and the database enforces serial uniqueness.</summary>
public sealed class IssuanceStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 25, 10, 30, 15, 123, TimeSpan.Zero).AddTicks(4567);
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
        var (request, certificate) = Sample("0A1B2C3D4E5F");

        await store.SaveNewIssuedAsync(request, certificate, [Audit("0A1B2C3D4E5F")], CancellationToken.None);

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
        var samples = Enumerable.Range(0, 200).Select(i => Sample($"{0x1000 + i:X4}")).ToList();

        await Task.WhenAll(samples.Select(s => Task.Run(() => store.SaveNewIssuedAsync(s.Item1, s.Item2, [Audit(s.Item2.SerialNumber)], CancellationToken.None))));

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
        var (first, firstCertificate) = Sample("7F00");
        var (second, secondCertificate) = Sample("7F00");
        await store.SaveNewIssuedAsync(first, firstCertificate, [Audit("7F00")], CancellationToken.None);

        await Assert.ThrowsAsync<SerialNumberCollisionException>(() => store.SaveNewIssuedAsync(second, secondCertificate, [Audit("7F00")], CancellationToken.None));

        Assert.NotNull(await store.FindRequestAsync(first.Id, CancellationToken.None));
        Assert.Null(await store.FindRequestAsync(second.Id, CancellationToken.None));
        Assert.True((await new AuditService(services.GetRequiredService<IAuditLog>(), TimeProvider.System).VerifyAsync(CancellationToken.None)).Valid);
    }

    private static (CertificateRequestRecord, IssuedCertificateRecord) Sample(string serial)
    {
        var request = new CertificateRequestRecord
        {
            Id = Guid.NewGuid(),
            Profile = "tls-server",
            CaId = "issuing-ca",
            Status = RequestStatus.Issued,
            Requester = "acc_test",
            Subject = [new SubjectAttribute("CN", "ร้าน.example.co.th")],
            Sans = [new SubjectAltName(SanType.Dns, "xn--12c1fe0br.example.co.th")],
            ValidityDays = 90,
            SubmittedAt = Now,
            DecidedAt = Now,
            DecidedBy = "system:auto-approval",
            CertificateSerial = serial,
        };
        var certificate = new IssuedCertificateRecord
        {
            IssuerId = "issuing-ca",
            SerialNumber = serial,
            Subject = "CN=ร้าน.example.co.th",
            Sans = ["xn--12c1fe0br.example.co.th"],
            Profile = "tls-server",
            NotBefore = Now.AddMinutes(-1),
            NotAfter = Now.AddDays(90),
            Der = [0x30, 0x03, 0x02, 0x01, 0x01],
            Status = CertificateStatus.Valid,
            RequestId = request.Id,
            Owner = "acc_test",
            IssuedAt = Now,
        };
        return (request, certificate);
    }

    private static AuditEvent Audit(string serial) => new(AuditActions.CertificateIssued, serial, "acc_test", "success", Now, "trace-1", "{}");
}
