using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Ca.Tests.Support;

/// <summary>
/// The service with a clock the test moves (Moq-free: Microsoft's FakeTimeProvider). The complete CRL a
/// revocation asks for keeps the service's own delay here: its timer runs on this clock, so it fires only
/// when the test moves the clock past it.
/// </summary>
public class FakeClockPkiApiFactory : PkiApiFactory
{
    public FakeClockPkiApiFactory()
        : this(null)
    {
    }

    protected FakeClockPkiApiFactory(IDictionary<string, string?>? settings)
        : base(WithServiceCrlDelay(settings))
    {
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));

    private static Dictionary<string, string?> WithServiceCrlDelay(IDictionary<string, string?>? settings)
    {
        var merged = new Dictionary<string, string?>
        {
            ["Pki:Crl:FullCrlDelay"] = new Ca.Core.Revocation.CrlOptions().FullCrlDelay.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        return merged;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
