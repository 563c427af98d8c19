using Ca.Core.Changes;
using Ca.Core.Common;
using Ca.Storage;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Ca.Api.Observability;

/// <summary>
/// What an operator watches: <c>/metrics</c> in Prometheus text (OpenTelemetry: ASP.NET Core, the .NET
/// runtime and the service's own meters), and JSON console logs that carry the trace id when
/// <c>Logging:Console:FormatterName=json</c>.
/// </summary>
internal static class ObservabilityRegistration
{
    public static WebApplicationBuilder AddPkiObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("PkiService"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(PkiMetrics.MeterName, StorageTelemetry.WriterMeterName, ChangeFeedFollower.MeterName)
                .AddPrometheusExporter());
        builder.Services.AddHostedService<ServiceGauges>();

        // The JSON formatter writes the request's scopes, which hold the TraceId and SpanId of the activity.
        builder.Services.Configure<JsonConsoleFormatterOptions>(o => o.IncludeScopes = true);
        return builder;
    }

    /// <summary>Prometheus scrapes <c>/metrics</c>; it tells no secrets, but keep it to the monitoring network at the proxy.</summary>
    public static WebApplication MapPkiObservability(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
