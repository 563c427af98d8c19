using System.Collections.Concurrent;
using Ca.Core.Audit;
using Ca.Storage;
using Ca.Storage.Writing;
using Ca.Tests.Support;
using Ca.Tests.Support.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ca.Tests.Storage;

/// <summary>The service on a real PostgreSQL server: migrated from empty, group-committing, one audit chain.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresProviderTests(PostgresCluster cluster)
{
    [Fact]
    public async Task PostgresProvider_FreshDatabase_MigratesIssuesInBatchesAndKeepsOneChain()
    {
        var connectionString = await cluster.CreateDatabaseAsync("provider");
        using (var factory = new PostgresPkiApiFactory(connectionString))
        {
            using var client = factory.ClientFor("requester");
            var serials = new ConcurrentBag<string>();
            await Parallel.ForEachAsync(Enumerable.Range(0, 60), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            {
                var (_, serial, _) = await client.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256($"CN=pg{i}.example.co.th", $"pg{i}.example.co.th") });
                serials.Add(serial);
            });

            Assert.Equal(60, serials.Distinct().Count());
            await using var db = factory.Services.GetRequiredService<ICaDbContextFactory>().CreateDbContext();
            Assert.IsType<PostgresCaDbContext>(db);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(60, await db.Certificates.CountAsync(c => c.Profile == "tls-server"));
            var audit = await db.AuditRecords.OrderBy(a => a.Sequence).ToListAsync();
            Assert.Null(AuditChain.FindFirstBroken(audit.Select(AuditMapping.ToRecord)));
            Assert.Equal(60, audit.Count(a => a.Action == AuditActions.CertificateIssued));

            using var auditor = factory.ClientFor("auditor");
            var verification = await auditor.GetJsonAsync("/api/v1/audit/verify");
            Assert.True(verification["valid"]!.GetValue<bool>(), verification.ToJsonString());
        }

        await cluster.DropDatabaseAsync(connectionString);
    }
}
