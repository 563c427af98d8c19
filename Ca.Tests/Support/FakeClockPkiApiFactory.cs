using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Ca.Tests.Support;

/// <summary>The service with a clock the test moves (Moq-free: Microsoft's FakeTimeProvider).</summary>
public class FakeClockPkiApiFactory : PkiApiFactory
{
    public FakeClockPkiApiFactory()
        : this(null)
    {
    }

    protected FakeClockPkiApiFactory(IDictionary<string, string?>? settings)
        : base(settings)
    {
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
