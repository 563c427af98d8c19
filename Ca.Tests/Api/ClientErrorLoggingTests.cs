using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Ca.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ca.Tests.Api;

/// <summary>
/// Client errors are the client's doing: they are logged without stack traces and at most once per
/// burst, so a stranger repeating a bad request cannot fill the log. A genuine server error keeps its
/// stack trace.
/// </summary>
public sealed class ClientErrorLoggingTests : IClassFixture<ClientErrorLoggingTests.Fixture>
{
    private const int Repeats = 60;
    private readonly Fixture fixture;

    public ClientErrorLoggingTests(Fixture fixture) => this.fixture = fixture;

    /// <summary>
    /// The service on a real Kestrel socket (as deployed: the test server logs warnings of its own), with
    /// every log entry captured, and one path that fails the way a bug would.
    /// </summary>
    public sealed class Fixture : PkiApiFactory
    {
        public const string FailingPath = "/test/failing-path";
        public const string BugMessage = "internal detail that must not reach the client";

        public Fixture()
            : base(new Dictionary<string, string?>
            {
                ["Pki:RateLimits:AnonymousBurst"] = "100000",
                ["Pki:RateLimits:AnonymousPerSecond"] = "100000",
            })
        {
            UseKestrel(0);
        }

        public ConcurrentQueue<LogEntry> Entries { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(new CapturingProvider(Entries)));
            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, FailingPathFilter>());
        }
    }

    public sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);

    [Fact]
    public async Task ClientErrorBurst_ManyKindsWithNonJsonAccept_LogsNoStackTraceAndABoundedNumberOfLines()
    {
        using var anonymous = fixture.CreateClient();
        using var unknownKey = fixture.CreateClientWithKey("pki_never-issued-key-0123456789abcdef");
        using var requester = fixture.ClientFor("requester");
        foreach (var client in new[] { anonymous, unknownKey, requester })
        {
            client.DefaultRequestHeaders.Accept.ParseAdd("application/pkix-cert");
        }

        await requester.GetAsync("/api/v1/profiles");
        var start = fixture.Entries.Count;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Repeats; i++)
        {
            statuses.Add((await anonymous.GetAsync("/api/v1/certificates")).StatusCode);
            statuses.Add((await unknownKey.GetAsync("/api/v1/certificates")).StatusCode);
            statuses.Add((await requester.GetAsync("/api/v1/audit")).StatusCode);
            statuses.Add((await requester.GetAsync($"/api/v1/certificates/{i + 1:x}0badc0de")).StatusCode);
            statuses.Add((await anonymous.GetAsync($"/no/such/route/{i}")).StatusCode);
            statuses.Add((await anonymous.GetAsync($"/crl/unknown-{i}.crl")).StatusCode);
            statuses.Add((await requester.GetAsync("/api/v1/certificates?page=abc")).StatusCode);
            statuses.Add((await requester.PostAsync("/api/v1/certificate-requests", new StringContent("{\"profile\": ", Encoding.UTF8, "application/json"))).StatusCode);
            statuses.Add((await anonymous.PostAsync("/api/v1/documents/verify", Malformed())).StatusCode);
        }

        var burst = fixture.Entries.Skip(start).ToList();
        Assert.All(statuses, s => Assert.InRange((int)s, 400, 499));
        Assert.All(burst, e => Assert.True(e.Exception is null, $"{e.Category} logged {e.Exception?.GetType().Name}: {e.Message}"));
        Assert.All(burst, e => Assert.DoesNotContain("   at ", e.Message, StringComparison.Ordinal));

        // 9 × 60 client errors of 5 statuses and 1 credential kind: a line per kind, not per request.
        Assert.True(burst.Count <= 10, $"{burst.Count} log lines for {statuses.Count} client errors:\n" + string.Join("\n", burst.Take(30).Select(e => $"{e.Level} {e.Category}: {e.Message}")));
    }

    [Fact]
    public async Task ServerError_UnexpectedException_Answers500ProblemAndLogsItsStackTrace()
    {
        using var client = fixture.CreateClient();
        client.DefaultRequestHeaders.Accept.ParseAdd("application/pkix-cert");
        var start = fixture.Entries.Count;

        using var response = await client.GetAsync(Fixture.FailingPath);

        var body = await ProblemAssert.IsProblemAsync(response, 500, "internal-error", "a bug");
        Assert.DoesNotContain(Fixture.BugMessage, body.ToJsonString(), StringComparison.Ordinal);
        var logged = fixture.Entries.Skip(start).Where(e => e.Level >= LogLevel.Error).ToList();
        var entry = Assert.Single(logged);
        Assert.IsType<InvalidOperationException>(entry.Exception);
        Assert.False(string.IsNullOrEmpty(entry.Exception!.StackTrace));
    }

    private static ByteArrayContent Malformed()
    {
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes("--b\r\nContent-Disposition: form-da"));
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b");
        return content;
    }

    /// <summary>A path past every endpoint that throws like a bug, inside the service's own pipeline.</summary>
    private sealed class FailingPathFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map(Fixture.FailingPath, branch => branch.Run(_ => throw new InvalidOperationException(Fixture.BugMessage)));
        };
    }

    private sealed class CapturingProvider(ConcurrentQueue<LogEntry> entries) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, entries);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception));
    }
}
