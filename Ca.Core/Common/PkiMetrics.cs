using System.Diagnostics.Metrics;

namespace Ca.Core.Common;

/// <summary>
/// The service's own instruments (meter <see cref="MeterName"/>), exported at <c>/metrics</c>. Counters
/// are per instance; a dashboard sums them over instances.
/// </summary>
public static class PkiMetrics
{
    /// <summary>The meter every instrument here belongs to.</summary>
    public const string MeterName = "PkiService";
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Issued = Meter.CreateCounter<long>("pki.certificates.issued", "{certificates}", "Certificates issued, by profile.");
    private static readonly Counter<long> Revoked = Meter.CreateCounter<long>("pki.certificates.revoked", "{certificates}", "Certificates revoked or put on hold, by profile.");
    private static readonly Counter<long> OcspAnswers = Meter.CreateCounter<long>("pki.ocsp.responses", "{responses}", "OCSP responses served, by source: cache (pre-signed) or signed.");
    private static readonly Counter<long> AuthenticationFailures = Meter.CreateCounter<long>("pki.authentication.failures", "{failures}", "Requests whose credentials were refused.");

    /// <summary>One certificate issued under <paramref name="profile"/>.</summary>
    public static void CertificateIssued(string profile) => Issued.Add(1, new KeyValuePair<string, object?>("profile", profile));

    /// <summary>One certificate revoked or held.</summary>
    public static void CertificateRevoked(string profile) => Revoked.Add(1, new KeyValuePair<string, object?>("profile", profile));

    /// <summary>One OCSP response sent; <paramref name="fromCache"/> when it was pre-signed.</summary>
    public static void OcspAnswered(bool fromCache) => OcspAnswers.Add(1, new KeyValuePair<string, object?>("source", fromCache ? "cache" : "signed"));

    /// <summary>One refused credential.</summary>
    public static void AuthenticationFailed() => AuthenticationFailures.Add(1);

    /// <summary>Reports a value read when the exporter collects (e.g. the pre-signed OCSP cache size).</summary>
    public static ObservableGauge<T> Gauge<T>(string name, Func<T> observe, string unit, string description)
        where T : struct => Meter.CreateObservableGauge(name, observe, unit, description);

    /// <summary>Reports one value per tag set when the exporter collects (e.g. CRL age per CA).</summary>
    public static ObservableGauge<T> Gauge<T>(string name, Func<IEnumerable<Measurement<T>>> observe, string unit, string description)
        where T : struct => Meter.CreateObservableGauge(name, observe, unit, description);
}
