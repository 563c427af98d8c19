using System.Net;
using Ca.Core.Audit;
using Ca.Storage;
using Ca.Storage.Writing;
using Ca.Tests.Acme.Support;
using Ca.Tests.Support;
using Ca.Tests.Support.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ca.Tests.Scaling;

/// <summary>
/// ACME on PostgreSQL: its accounts, orders, authorizations and EAB credentials go through the same writer
/// (chain head locked) as everything else, so the audit chain stays one and verifies.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresAcmeTests(PostgresCluster cluster)
{
    [Fact]
    public async Task OrderHttp01Finalize_OnPostgres_CertificateIssuedAndOneValidAuditChain()
    {
        var connectionString = await cluster.CreateDatabaseAsync("acme");
        try
        {
            using var web = new ChallengeHttpServer();
            using var factory = new AcmeApiFactory(httpPort: web.Port, extra: PostgresSettings.For(connectionString));
            var (_, kid, hmac) = await factory.NewEabAsync();
            using var client = await new AcmeTestClient(factory.CreateClient(), factory.DirectoryUrl).LoadDirectoryAsync();
            var (created, _) = await client.NewAccountAsync(kid, hmac);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

            var (chain, order) = await AcmeFlow.IssueAsync(client, web, "www.acme-test.example");

            Assert.Equal("valid", order["status"]!.GetValue<string>());
            Assert.Contains("BEGIN CERTIFICATE", chain, StringComparison.Ordinal);
            await using var db = factory.Services.GetRequiredService<ICaDbContextFactory>().CreateDbContext();
            Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", db.Database.ProviderName);
            var audit = await db.AuditRecords.AsNoTracking().OrderBy(a => a.Sequence).ToListAsync();
            Assert.Null(AuditChain.FindFirstBroken(audit.Select(AuditMapping.ToRecord)));
            Assert.Contains(audit, a => a.Action == AuditActions.CertificateIssued);
            var head = await db.AuditChainHead.AsNoTracking().SingleAsync();
            Assert.Equal(audit[^1].Sequence, head.Sequence);
        }
        finally
        {
            await cluster.DropDatabaseAsync(connectionString);
        }
    }
}
