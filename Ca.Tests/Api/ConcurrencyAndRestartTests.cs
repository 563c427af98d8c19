using System.Collections.Concurrent;
using Ca.Storage;
using Ca.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ca.Tests.Api;

public sealed class ConcurrencyAndRestartTests
{
    [Fact]
    public async Task Issue_ThousandConcurrentRequests_AllSucceedWithUniqueSerialsAndUnbrokenAudit()
    {
        using var factory = new PkiApiFactory();
        using var client = factory.ClientFor("requester");
        var csrs = Enumerable.Range(0, 20).Select(i => TestCsr.EcdsaP256($"CN=host{i}.example.co.th", $"host{i}.example.co.th")).ToArray();
        var serials = new ConcurrentBag<string>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
        {
            var (_, serial, _) = await client.IssueAsync(new { profile = "tls-server", csr = csrs[i % csrs.Length] });
            serials.Add(serial);
        });

        Assert.Equal(1000, serials.Distinct().Count());
        await using var db = factory.Services.GetRequiredService<ICaDbContextFactory>().CreateDbContext();
        Assert.Equal(1000, await db.Certificates.Select(c => c.SerialNumber).Distinct().CountAsync());
        var audit = await db.AuditRecords.OrderBy(a => a.Sequence).ToListAsync();
        Assert.Equal(1000, audit.Count(a => a.Action == "certificate.issued"));
        Assert.Null(Ca.Core.Audit.AuditChain.FindFirstBroken(audit.Select(Ca.Storage.Writing.AuditMapping.ToRecord)));
    }

    [Fact]
    public async Task Start_SecondTimeOnSameDatabase_ReusesHierarchyAndKeys()
    {
        var directory = Directory.CreateTempSubdirectory("pki-restart-").FullName;
        try
        {
            string rootBefore, issuingBefore;
            await using (var first = new RestartFactory(directory))
            {
                using var client = first.CreateClient();
                rootBefore = await client.GetStringAsync("/api/v1/cas/root-ca/certificate");
                issuingBefore = await client.GetStringAsync("/api/v1/cas/issuing-ca/certificate");
            }

            await using var second = new RestartFactory(directory);
            using var again = second.ClientFor("requester");
            Assert.Equal(rootBefore, await again.GetStringAsync("/api/v1/cas/root-ca/certificate"));
            Assert.Equal(issuingBefore, await again.GetStringAsync("/api/v1/cas/issuing-ca/certificate"));

            // The reloaded key still signs: a new leaf chains to the original root.
            var (pem, _, _) = await again.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=after.example.co.th", "after.example.co.th") });
            using var openssl = new OpenSslCli();
            openssl.Write("root.pem", rootBefore);
            openssl.Write("issuing.pem", issuingBefore);
            openssl.Write("leaf.pem", pem);
            var verify = openssl.Run("verify", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "leaf.pem");
            Assert.True(verify.ExitCode == 0, verify.ToString());
            Assert.Equal(2, (await again.GetJsonAsync("/api/v1/cas")).AsArray().Count);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private sealed class RestartFactory(string directory)
        : PkiApiFactory(null, directory);
}
