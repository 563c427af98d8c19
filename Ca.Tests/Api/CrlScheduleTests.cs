using Ca.Api.Jobs;
using Ca.Core.Revocation;
using Ca.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Quartz;

namespace Ca.Tests.Api;

/// <summary>The Quartz schedule and the publication job, driven by a fake clock and explicit triggers, never by sleeping.</summary>
public sealed class CrlScheduleTests : IClassFixture<CrlScheduleTests.Fixture>
{
    private readonly Fixture fixture;

    public CrlScheduleTests(Fixture fixture) => this.fixture = fixture;

    public sealed class Fixture() : FakeClockPkiApiFactory(new Dictionary<string, string?>
    {
        ["Pki:Crl:FullInterval"] = "00:30:00",
        ["Pki:Crl:DeltaInterval"] = "00:05:00",
    });

    [Fact]
    public async Task Schedule_FromConfiguration_HasFullAndDeltaTriggersAtConfiguredIntervals()
    {
        _ = fixture.Server;
        var scheduler = await fixture.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        var full = Assert.Single(await scheduler.GetTriggersOfJob(JobScheduling.FullCrlJob));
        var delta = Assert.Single(await scheduler.GetTriggersOfJob(JobScheduling.DeltaCrlJob));

        Assert.Equal(TimeSpan.FromMinutes(30), Assert.IsAssignableFrom<ISimpleTrigger>(full).RepeatInterval);
        Assert.Equal(TimeSpan.FromMinutes(5), Assert.IsAssignableFrom<ISimpleTrigger>(delta).RepeatInterval);
        Assert.Equal(0, full.StartTimeUtc.UtcTicks % TimeSpan.FromMinutes(30).Ticks);
        Assert.Equal(0, delta.StartTimeUtc.UtcTicks % TimeSpan.FromMinutes(5).Ticks);
        Assert.Single(await scheduler.GetTriggersOfJob(JobScheduling.OcspRollover));
        Assert.Single(await scheduler.GetTriggersOfJob(JobScheduling.ExpirePending));
    }

    [Theory]
    [InlineData("08:10:05", false, "09:00:00")]
    [InlineData("09:00:00", false, "10:00:00")]
    [InlineData("08:59:59.999", false, "09:00:00")]
    [InlineData("08:10:05", true, "08:15:00")]
    public void NextPublication_Interval_OnWholeMultiplesOfTheInterval(string after, bool delta, string expected)
    {
        var schedule = new CrlSchedule(new CrlOptions());
        var day = new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

        var next = schedule.NextPublication(delta, day + TimeSpan.Parse(after, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(day + TimeSpan.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Fact]
    public void NextPublication_Cron_FromTheExpressionInUtc()
    {
        var schedule = new CrlSchedule(new CrlOptions { FullCron = "0 30 * * * ?" });

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 8, 30, 0, TimeSpan.Zero), schedule.NextPublication(false, new DateTimeOffset(2026, 11, 25, 8, 10, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.Zero), schedule.NextPublication(false, new DateTimeOffset(2026, 11, 25, 8, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task PublishJob_WhenTriggeredLater_PublishesNextNumberStampedWithTheClock()
    {
        _ = fixture.Server;
        var store = fixture.Services.GetRequiredService<IRevocationStore>();
        var before = await store.LatestCrlAsync("issuing-ca", delta: false, CancellationToken.None);

        fixture.Clock.Advance(TimeSpan.FromMinutes(30));
        await RunJobAsync(delta: false);
        var afterFull = await store.LatestCrlAsync("issuing-ca", delta: false, CancellationToken.None);
        fixture.Clock.Advance(TimeSpan.FromMinutes(5));
        await RunJobAsync(delta: true);
        var afterDelta = await store.LatestCrlAsync("issuing-ca", delta: true, CancellationToken.None);

        Assert.True(afterFull!.Number > before!.Number);
        Assert.Equal(fixture.Clock.GetUtcNow().AddMinutes(-5), afterFull.ThisUpdate);
        Assert.Equal(afterFull.ThisUpdate + TimeSpan.FromHours(24), afterFull.NextUpdate);
        Assert.True(afterDelta!.Number > afterFull.Number);
        Assert.Equal(afterFull.Number, afterDelta.BaseNumber);
        Assert.Equal(fixture.Clock.GetUtcNow(), afterDelta.ThisUpdate);
        var root = await store.LatestCrlAsync("root-ca", delta: false, CancellationToken.None);
        Assert.Equal(afterFull.ThisUpdate, root!.ThisUpdate);
    }

    [Fact]
    public async Task PublishJob_StoreFailsOnce_RetriesAndPublishes()
    {
        _ = fixture.Server;
        var real = fixture.Services.GetRequiredService<IRevocationStore>();
        var failing = new Mock<IRevocationStore>();
        var calls = 0;
        failing.Setup(s => s.ListRevocationsAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string ca, CancellationToken ct) => Interlocked.Increment(ref calls) == 1 ? throw new IOException("disk hiccup") : real.ListRevocationsAsync(ca, ct));
        failing.Setup(s => s.LastCrlNumberAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns((string ca, CancellationToken ct) => real.LastCrlNumberAsync(ca, ct));
        failing.Setup(s => s.LatestCrlAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>())).Returns((string ca, bool d, CancellationToken ct) => real.LatestCrlAsync(ca, d, ct));
        failing.Setup(s => s.SaveCrlAsync(It.IsAny<StoredCrl>(), It.IsAny<Ca.Core.Audit.AuditEvent>(), It.IsAny<CancellationToken>()))
            .Returns((StoredCrl c, Ca.Core.Audit.AuditEvent a, CancellationToken ct) => real.SaveCrlAsync(c, a, ct));
        var publisher = ActivatorUtilities.CreateInstance<CrlPublisher>(fixture.Services, failing.Object,
            Microsoft.Extensions.Options.Options.Create(new CrlOptions { RetryDelay = TimeSpan.Zero }));
        var before = await real.LastCrlNumberAsync("root-ca", CancellationToken.None);

        var published = await publisher.PublishAllAsync(delta: false, Ca.Core.Common.CallerContext.System("test"), CancellationToken.None);

        Assert.Equal(2, published);
        Assert.True(await real.LastCrlNumberAsync("root-ca", CancellationToken.None) > before);
    }

    private async Task RunJobAsync(bool delta)
    {
        var job = ActivatorUtilities.CreateInstance<PublishCrlsJob>(fixture.Services);
        var context = new Mock<IJobExecutionContext>();
        context.SetupGet(c => c.MergedJobDataMap).Returns(new JobDataMap { [PublishCrlsJob.DeltaKey] = delta });
        await job.Execute(context.Object, CancellationToken.None);
    }
}
