namespace Ca.Core.Common;

/// <summary>Time helpers shared by everything that encodes times into ASN.1.</summary>
public static class TimeExtensions
{
    /// <summary>
    /// Drops the sub-second part (not rounded): certificates, CRLs, CMS and time-stamps carry whole
    /// seconds, so what is stored and compared must be the instant as encoded.
    /// </summary>
    public static DateTimeOffset ToWholeSeconds(this DateTimeOffset value) => value.AddTicks(-(value.UtcTicks % TimeSpan.TicksPerSecond));
}
