using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ca.Tests.Support;
using Ca.Tests.Support.Postgres;
using Npgsql;

namespace Ca.Tests.Scaling;

/// <summary>
/// An instance dies with SIGKILL in the middle of load (no shutdown, no flushing): every issuance it had
/// answered 201 for is in the database, because it answers only after its transaction committed, and the
/// other instance keeps serving on the same database and chain.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CrashTests(PostgresCluster cluster)
{
    [Fact]
    public async Task InstanceKilledMidLoad_AnsweredIssuancesAreKeptAndTheOtherKeepsServing()
    {
        var database = await cluster.CreateDatabaseAsync("crash");
        using var dataA = new TemporaryDirectory();
        using var dataB = new TemporaryDirectory();
        var urlA = $"http://127.0.0.1:{ServiceProcess.FreePort()}";
        var urlB = $"http://127.0.0.1:{ServiceProcess.FreePort()}";
        await using var a = ServiceProcess.Start(Settings(database, dataA.Path, urlA));
        await a.WaitUntilHealthyAsync(urlA);
        await using var b = ServiceProcess.Start(Settings(database, dataB.Path, urlB));
        await b.WaitUntilHealthyAsync(urlB);

        var key = await CreateRequesterKeyAsync(urlA);
        using var clientA = Client(urlA, key);
        using var clientB = Client(urlB, key);
        var csr = TestCsr.EcdsaP256("CN=crash.example.co.th", "crash.example.co.th");
        var answeredByA = new ConcurrentBag<string>();
        var answeredByBAfterKill = 0;
        var killed = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        var workers = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var client = worker % 2 == 0 ? clientA : clientB;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await client.PostAsJsonAsync("/api/v1/certificate-requests", new { profile = "tls-server", csr }, stop.Token);
                    if (response.StatusCode != HttpStatusCode.Created)
                    {
                        continue;
                    }

                    var serial = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("certificate").GetProperty("serialNumber").GetString()!;
                    if (client == clientA)
                    {
                        answeredByA.Add(serial);
                    }
                    else if (Volatile.Read(ref killed) == 1 && Interlocked.Increment(ref answeredByBAfterKill) >= 40)
                    {
                        await stop.CancelAsync();
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException)
                {
                    if (client == clientA && Volatile.Read(ref killed) == 1)
                    {
                        await Task.Delay(50); // A is gone; this worker's requests fail fast from now on
                    }
                }
            }
        })).ToList();

        while (answeredByA.Count < 60 && !stop.IsCancellationRequested)
        {
            await Task.Delay(20);
        }

        a.Kill();
        Volatile.Write(ref killed, 1);
        await Task.WhenAll(workers);

        Assert.True(answeredByBAfterKill >= 40, $"B answered only {answeredByBAfterKill} issuances after A was killed. B's output:\n{b.Output}");
        Assert.True(answeredByA.Count >= 60, $"A answered {answeredByA.Count} issuances before it was killed");
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""SELECT count(*) FROM "Certificates" WHERE "SerialNumber" = ANY(@serials)""", connection);
            command.Parameters.AddWithValue("serials", answeredByA.Distinct().ToArray());
            Assert.Equal((long)answeredByA.Distinct().Count(), (long)(await command.ExecuteScalarAsync())!);
        }

        using var admin = Client(urlB, PkiApiFactory.AdminKey);
        var auditor = await CreateKeyAsync(admin, "crash-auditor", "auditor");
        using var auditClient = Client(urlB, auditor);
        var verification = await auditClient.GetJsonAsync("/api/v1/audit/verify");
        Assert.True(verification["valid"]!.GetValue<bool>(), verification.ToJsonString());

        await b.DisposeAsync();
        await cluster.DropDatabaseAsync(database);
    }

    private static Dictionary<string, string?> Settings(string database, string dataDirectory, string url) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["ASPNETCORE_URLS"] = url,
        ["Pki__KeyEncryptionKey"] = PkiApiFactory.TestKek,
        ["Pki__Bootstrap__AdminApiKey"] = PkiApiFactory.AdminKey,
        ["Pki__DataDirectory"] = dataDirectory,
        ["Pki__PublicBaseUrl"] = "http://pki.test",
        ["Pki__Database__Provider"] = "Postgres",
        ["ConnectionStrings__Pki"] = database,
    };

    private static async Task<string> CreateRequesterKeyAsync(string url)
    {
        using var admin = Client(url, PkiApiFactory.AdminKey);
        return await CreateKeyAsync(admin, "crash-requester", "requester");
    }

    private static async Task<string> CreateKeyAsync(HttpClient admin, string name, string role)
    {
        var account = await admin.PostAsJsonAsync("/api/v1/accounts", new { name, roles = new[] { role } });
        account.EnsureSuccessStatusCode();
        var id = (await account.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var key = await admin.PostAsJsonAsync($"/api/v1/accounts/{id}/keys", new { });
        key.EnsureSuccessStatusCode();
        return (await key.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    private static HttpClient Client(string baseUrl, string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
