using System.Collections.Concurrent;
using System.Net;
using Ca.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Ca.Tests.Api;

/// <summary>The audit log: every state change recorded with who/what/when, and tampering detected.</summary>
public sealed class AuditApiTests
{
    [Fact]
    public async Task AuditVerify_AfterRowEditedInSqliteFile_ReportsFirstBrokenRecord()
    {
        using var factory = new PkiApiFactory();
        using var requester = factory.ClientFor("requester");
        using var auditor = factory.ClientFor("auditor");
        await requester.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=audited.example.co.th", "audited.example.co.th") });
        var intact = await auditor.GetJsonAsync("/api/v1/audit/verify");
        Assert.True(intact["valid"]!.GetValue<bool>());
        var records = intact["records"]!.GetValue<long>();
        Assert.True(records >= 5);

        // An insider with file access rewrites history: who issued certificate record 3.
        await using (var connection = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE AuditRecords SET Actor = 'someone-else' WHERE Sequence = 3";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var tampered = await auditor.GetJsonAsync("/api/v1/audit/verify");
        Assert.False(tampered["valid"]!.GetValue<bool>());
        Assert.Equal(3, tampered["firstBrokenId"]!.GetValue<long>());
    }

    [Fact]
    public async Task AuditVerify_ChainRebuiltAfterEdit_IsCaughtBySignedCheckpoint()
    {
        using var factory = new PkiApiFactory();
        using var auditor = factory.ClientFor("auditor");
        Assert.True(await factory.Services.GetRequiredService<Ca.Core.Audit.AuditCheckpoints>().WriteAsync(CancellationToken.None));
        var before = await auditor.GetJsonAsync("/api/v1/audit/verify");
        Assert.True(before["valid"]!.GetValue<bool>());
        Assert.Equal(1, before["checkpoints"]!.GetValue<int>());

        // A capable insider edits record 2 and recomputes every later hash so the chain links again.
        var db = factory.Services.GetRequiredService<Ca.Storage.ICaDbContextFactory>();
        await using (var context = db.CreateDbContext())
        {
            var rows = context.AuditRecords.OrderBy(a => a.Sequence).ToList();
            rows[1].Actor = "someone-else";
            var previous = Ca.Core.Audit.AuditChain.GenesisHash;
            foreach (var row in rows.Where(r => r.Action != "audit.checkpoint"))
            {
                var record = Ca.Storage.Writing.AuditMapping.ToRecord(row);
                row.PreviousHash = previous;
                row.Hash = Ca.Core.Audit.AuditChain.ComputeHash(row.Sequence, record.Event, previous);
                previous = row.Hash;
            }

            var checkpoint = rows.Single(r => r.Action == "audit.checkpoint");
            checkpoint.PreviousHash = rows[^2].Hash;
            checkpoint.Hash = Ca.Core.Audit.AuditChain.ComputeHash(checkpoint.Sequence, Ca.Storage.Writing.AuditMapping.ToRecord(checkpoint).Event, checkpoint.PreviousHash);
            await context.SaveChangesAsync();
        }

        var after = await auditor.GetJsonAsync("/api/v1/audit/verify");
        Assert.False(after["valid"]!.GetValue<bool>());
        Assert.Equal(after["records"]!.GetValue<long>(), after["firstBrokenId"]!.GetValue<long>());
    }

    [Fact]
    public async Task AuditVerify_AfterRowDeleted_ReportsTheGap()
    {
        using var factory = new PkiApiFactory();
        using var auditor = factory.ClientFor("auditor");
        await using (var connection = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM AuditRecords WHERE Sequence = 2";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var result = await auditor.GetJsonAsync("/api/v1/audit/verify");

        Assert.False(result["valid"]!.GetValue<bool>());
        Assert.Equal(2, result["firstBrokenId"]!.GetValue<long>());
    }

    [Fact]
    public async Task Audit_StateChanges_AreRecordedWithActorTargetAndRequestId()
    {
        using var factory = new PkiApiFactory();
        using var requester = factory.ClientFor("requester");
        using var auditor = factory.ClientFor("auditor");
        var requesterId = factory.AccountFor("requester").AccountId;
        var (_, serial, _) = await requester.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256("CN=who.example.co.th", "who.example.co.th") });
        await requester.PostAsJsonAsyncExact($"/api/v1/certificates/{serial}/revoke", new { reason = "superseded" });

        var issued = await auditor.GetJsonAsync($"/api/v1/audit?action=certificate.issued&target={serial}");
        var revoked = await auditor.GetJsonAsync($"/api/v1/audit?action=certificate.revoked&actor={requesterId}");
        var everything = (await auditor.GetJsonAsync("/api/v1/audit?pageSize=500"))["items"]!.AsArray().Select(i => i!["action"]!.GetValue<string>()).ToHashSet();

        var record = Assert.Single(issued["items"]!.AsArray())!;
        Assert.Equal(requesterId, record["actor"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(record["requestId"]?.GetValue<string>()));
        Assert.Equal(1, revoked["total"]!.GetValue<int>());
        foreach (var action in new[] { "authority.created", "account.created", "apikey.created", "crl.published", "certificate.issued", "certificate.revoked" })
        {
            Assert.Contains(action, everything);
        }
    }

    [Fact]
    public async Task Authentication_BurstOfFailures_IsAuditedOnceWithoutTheSecret()
    {
        // A burst is failures within a minute of the clock: a stopped clock keeps a slow machine's twelve requests in one.
        using var factory = new FakeClockPkiApiFactory();
        using var auditor = factory.ClientFor("auditor");
        for (var i = 0; i < 12; i++)
        {
            using var attacker = factory.CreateClientWithKey($"pki_guess-{i}-secret");
            Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.GetAsync("/api/v1/certificates")).StatusCode);
        }

        var bursts = await auditor.GetJsonAsync("/api/v1/audit?action=auth.failure-burst");

        Assert.Equal(1, bursts["total"]!.GetValue<int>());
        Assert.DoesNotContain("guess", bursts.ToJsonString());
    }

    [Fact]
    public async Task Concurrency_TwoHundredApprovalsAndRevocations_LeaveConsistentStateAndUnbrokenChain()
    {
        using var factory = new PkiApiFactory();
        using var requester = factory.ClientFor("requester");
        using var officer = factory.ClientFor("officer");
        using var secondOfficer = factory.ClientFor("second-officer", "officer");
        using var auditor = factory.ClientFor("auditor");
        var csr = TestCsr.EcdsaP256("CN=Somchai Jaidee, C=TH");
        var pending = new List<string>();
        var issued = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            pending.Add((await requester.PostJsonAsync("/api/v1/certificate-requests", new { profile = "person", csr })).Body!["id"]!.GetValue<string>());
            issued.Add((await requester.IssueAsync(new { profile = "tls-server", csr = TestCsr.EcdsaP256($"CN=c{i}.example.co.th", $"c{i}.example.co.th") })).Serial);
        }

        var outcomes = new ConcurrentBag<HttpStatusCode>();
        var work = pending.Select(id => (Func<Task>)(async () =>
                outcomes.Add((await officer.PostAsJsonAsyncExact($"/api/v1/certificate-requests/{id}/approve", new { })).StatusCode)))
            .Concat(issued.Select(serial => (Func<Task>)(async () =>
                outcomes.Add((await officer.PostAsJsonAsyncExact($"/api/v1/certificates/{serial}/revoke", new { reason = "keyCompromise" })).StatusCode))))
            // Racing duplicates: a second officer approves the same requests at the same time.
            .Concat(pending.Take(20).Select(id => (Func<Task>)(async () =>
                outcomes.Add((await secondOfficer.PostAsJsonAsyncExact($"/api/v1/certificate-requests/{id}/approve", new { })).StatusCode))));
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (run, _) => await run());

        Assert.Equal(200, outcomes.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(20, outcomes.Count(s => s == HttpStatusCode.Conflict));
        foreach (var id in pending)
        {
            var request = await officer.GetJsonAsync($"/api/v1/certificate-requests/{id}");
            Assert.Equal("issued", request["status"]!.GetValue<string>());
        }

        var page = await officer.GetJsonAsync("/api/v1/certificates?status=revoked&pageSize=500");
        Assert.Equal(100, page["total"]!.GetValue<int>());
        var approvals = await auditor.GetJsonAsync("/api/v1/audit?action=request.approved");
        Assert.Equal(100, approvals["total"]!.GetValue<int>());
        var chain = await auditor.GetJsonAsync("/api/v1/audit/verify");
        Assert.True(chain["valid"]!.GetValue<bool>());
    }

    [Fact]
    public async Task PendingRequest_NotDecidedInTime_ExpiresAndCannotBeApproved()
    {
        using var factory = new FakeClockPkiApiFactory();
        using var requester = factory.ClientFor("requester");
        using var officer = factory.ClientFor("officer");
        var id = (await requester.PostJsonAsync("/api/v1/certificate-requests", new { profile = "person", csr = TestCsr.EcdsaP256("CN=Late Applicant") })).Body!["id"]!.GetValue<string>();

        factory.Clock.Advance(TimeSpan.FromDays(31));
        var expired = await factory.Services.GetRequiredService<Ca.Core.Issuance.IssuanceService>().ExpireStalePendingAsync(CancellationToken.None);

        Assert.Equal(1, expired);
        Assert.Equal("expired", (await requester.GetJsonAsync($"/api/v1/certificate-requests/{id}"))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, (await officer.PostAsJsonAsyncExact($"/api/v1/certificate-requests/{id}/approve", new { })).StatusCode);
    }
}
