using Ca.Core.Changes;
using Ca.Core.Revocation;
using Ca.Storage;
using Quartz;

namespace Ca.Api.Jobs;

/// <summary>
/// The Quartz schedule: complete and delta CRLs (interval, aligned as <see cref="CrlSchedule"/> says, or
/// cron from <c>Pki:Crl</c>), OCSP responder rollover, pending-request expiry and signed audit checkpoints
/// hourly, CRLs of CAs whose certificates changed (<c>Pki:Changes:CrlSweepInterval</c>), pruning of the
/// change feed. Jobs read the injected <see cref="TimeProvider"/> for every time they write. On a server
/// database the store is clustered (<see cref="ClusteredJobStore"/>): each firing runs on one instance; the
/// database's unique (CA, CRL number) still guards manual publications.
/// </summary>
internal static class JobScheduling
{
    public static readonly JobKey FullCrlJob = new("crl-full", "pki");
    public static readonly JobKey DeltaCrlJob = new("crl-delta", "pki");
    public static readonly JobKey OcspRollover = new("ocsp-rollover", "pki");
    public static readonly JobKey ExpirePending = new("expire-pending", "pki");
    public static readonly JobKey AuditCheckpoint = new("audit-checkpoint", "pki");
    public static readonly JobKey StaleCrls = new("crl-after-changes", "pki");
    public static readonly JobKey PruneChanges = new("prune-change-events", "pki");

    public static IServiceCollection AddPkiJobs(this IServiceCollection services, CrlOptions crl, ChangeFeedOptions changes, StorageOptions storage)
    {
        // CRL triggers start on the schedule's aligned times, which is what CRL caching headers promise.
        var crlSchedule = new CrlSchedule(crl);
        services.AddQuartz(q =>
        {
            ClusteredJobStore.Configure(q, storage, StorageServiceCollectionExtensions.ResolveConnectionString(storage));
            q.AddJob<PublishCrlsJob>(j => j.WithIdentity(FullCrlJob).UsingJobData(PublishCrlsJob.DeltaKey, false));
            q.AddTrigger(t => Schedule(t.ForJob(FullCrlJob).WithIdentity("crl-full-trigger", "pki"), crl.FullCron, crl.FullInterval, crlSchedule.NextPublication(delta: false, DateTimeOffset.UtcNow)));
            if (crl.EnableDelta)
            {
                q.AddJob<PublishCrlsJob>(j => j.WithIdentity(DeltaCrlJob).UsingJobData(PublishCrlsJob.DeltaKey, true));
                q.AddTrigger(t => Schedule(t.ForJob(DeltaCrlJob).WithIdentity("crl-delta-trigger", "pki"), crl.DeltaCron, crl.DeltaInterval, crlSchedule.NextPublication(delta: true, DateTimeOffset.UtcNow)));
            }

            q.AddJob<OcspRolloverJob>(j => j.WithIdentity(OcspRollover));
            q.AddTrigger(t => Schedule(t.ForJob(OcspRollover).WithIdentity("ocsp-rollover-trigger", "pki"), null, TimeSpan.FromHours(1)));
            q.AddJob<ExpirePendingRequestsJob>(j => j.WithIdentity(ExpirePending));
            q.AddTrigger(t => Schedule(t.ForJob(ExpirePending).WithIdentity("expire-pending-trigger", "pki"), null, TimeSpan.FromHours(1)));
            q.AddJob<AuditCheckpointJob>(j => j.WithIdentity(AuditCheckpoint));
            q.AddTrigger(t => Schedule(t.ForJob(AuditCheckpoint).WithIdentity("audit-checkpoint-trigger", "pki"), null, TimeSpan.FromHours(1)));
            q.AddJob<PublishStaleCrlsJob>(j => j.WithIdentity(StaleCrls));
            q.AddTrigger(t => Schedule(t.ForJob(StaleCrls).WithIdentity("crl-after-changes-trigger", "pki"), null, changes.CrlSweepInterval));
            q.AddJob<PruneChangeEventsJob>(j => j.WithIdentity(PruneChanges));
            q.AddTrigger(t => Schedule(t.ForJob(PruneChanges).WithIdentity("prune-change-events-trigger", "pki"), null, TimeSpan.FromHours(1)));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    private static ITriggerConfigurator<IJob> Schedule(ITriggerConfigurator<IJob> trigger, string? cron, TimeSpan interval, DateTimeOffset? start = null) =>
        cron is { Length: > 0 }
            ? trigger.WithCronSchedule(cron, c => c.InTimeZone(TimeZoneInfo.Utc))
            : trigger.StartAt(start ?? DateTimeOffset.UtcNow + interval)
                .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever());
}
