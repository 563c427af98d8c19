using Ca.Core.Common;
using Ca.Core.Revocation;
using Ca.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ca.Tests.Api;

/// <summary>Two publishers (as two service instances would be) racing on one database never reuse a CRL number.</summary>
public sealed class CrlNumberGuardTests
{
    [Fact]
    public async Task PublishConcurrently_FromTwoPublishers_EveryNumberIsUniqueAndGapless()
    {
        using var factory = new PkiApiFactory();
        _ = factory.Server;
        var first = ActivatorUtilities.CreateInstance<CrlPublisher>(factory.Services);
        var second = ActivatorUtilities.CreateInstance<CrlPublisher>(factory.Services);
        var caller = CallerContext.System("test");
        var store = factory.Services.GetRequiredService<IRevocationStore>();
        var start = await store.LastCrlNumberAsync("issuing-ca", CancellationToken.None);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => (i % 2 == 0 ? first : second).PublishFullAsync("issuing-ca", caller, CancellationToken.None))));

        await using var db = factory.Services.GetRequiredService<Ca.Storage.ICaDbContextFactory>().CreateDbContext();
        var numbers = await db.Crls.Where(c => c.CaId == "issuing-ca" && c.Number > start).Select(c => c.Number).OrderBy(n => n).ToListAsync();
        Assert.Equal(Enumerable.Range((int)start + 1, 20).Select(n => (long)n), numbers);
    }
}
