using Ca.Api.Startup;
using Ca.Core.Audit;
using Ca.Core.Authorities;
using Ca.Storage;
using Ca.Storage.Backup;

namespace Ca.Api.Operations;

/// <summary>
/// Command-line modes of <c>dotnet Ca.Api.dll</c> for operators, with the same configuration as the
/// service (appsettings, environment, arguments):
/// <c>backup &lt;file&gt;</c> writes an online backup while the service keeps running;
/// <c>restore-check</c> proves a restored database is whole: no migration pending, the audit chain and its
/// signed checkpoints verify, and every CA key decrypts under the KEK and signs. A command line, not an
/// HTTP endpoint: a full copy of the database never travels over the API, the KEK-less backup can be
/// scheduled by cron or a Kubernetes CronJob with the host's own credentials, and a restore is checked
/// before any instance serves from it.
/// </summary>
internal static class OperationsCommands
{
    public const string Backup = "backup";
    public const string RestoreCheck = "restore-check";

    public static bool Handles(string[] args) => args is [Backup or RestoreCheck, ..];

    public static async Task<int> RunAsync(string[] args)
    {
        var (command, rest) = (args[0], args[1..]);
        string? file = null;
        if (command == Backup)
        {
            if (rest is not [var target, ..] || target.StartsWith('-'))
            {
                await Console.Error.WriteLineAsync("usage: dotnet Ca.Api.dll backup <file> [--ConnectionStrings:Pki=... and the service's other settings]");
                return 2;
            }

            (file, rest) = (target, rest[1..]);
        }

        var builder = WebApplication.CreateBuilder(rest);
        builder.AddPkiServices();
        await using var app = builder.Build();
        using var cancel = new CancellationTokenSource(TimeSpan.FromHours(6));
        try
        {
            return command == Backup
                ? await BackUpAsync(app, file!, cancel.Token)
                : await CheckRestoreAsync(app, cancel.Token);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or NotSupportedException or StartupRefusedException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"{command} failed: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> BackUpAsync(WebApplication app, string file, CancellationToken cancellationToken)
    {
        var pgDump = app.Configuration["Pki:Backup:PgDump"] is { Length: > 0 } configured ? configured : "pg_dump";
        await app.Services.GetRequiredService<DatabaseBackup>().WriteAsync(file, pgDump, cancellationToken);
        Console.WriteLine($"backup written to {Path.GetFullPath(file)} (everything but the KEK: keep Pki:KeyEncryptionKey elsewhere)");
        return 0;
    }

    private static async Task<int> CheckRestoreAsync(WebApplication app, CancellationToken cancellationToken)
    {
        var ok = true;
        void Report(bool passed, string what)
        {
            ok &= passed;
            Console.WriteLine($"{(passed ? "ok  " : "FAIL")} {what}");
        }

        var pending = await app.Services.GetRequiredService<DatabaseInitializer>().PendingMigrationsAsync(cancellationToken);
        Report(pending.Count == 0, pending.Count == 0 ? "every migration applied" : $"pending migrations: {string.Join(", ", pending)}");

        var audit = await app.Services.GetRequiredService<AuditService>().VerifyAsync(cancellationToken);
        Report(audit.Valid, audit.Valid
            ? $"audit chain verifies: {audit.Records} records, {audit.Checkpoints} signed checkpoints"
            : $"audit chain broken at record {audit.FirstBrokenId} of {audit.Records}");

        var registry = app.Services.GetRequiredService<AuthorityRegistry>();
        var authorities = await registry.ListAsync(cancellationToken);
        Report(authorities.Count > 0, $"{authorities.Count} CA(s) on record");
        foreach (var record in authorities)
        {
            bool signs;
            try
            {
                signs = await registry.FindAsync(record.Id, cancellationToken) is { } authority && AuthorityKeyProof.Signs(authority);
            }
            catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or ArgumentException or NotSupportedException)
            {
                signs = false;
            }

            Report(signs, signs ? $"CA {record.Id}: key decrypts and signs for its certificate" : $"CA {record.Id}: key does not decrypt under this KEK or does not match its certificate");
        }

        Console.WriteLine(ok ? "restore-check passed" : "restore-check FAILED");
        return ok ? 0 : 1;
    }
}
