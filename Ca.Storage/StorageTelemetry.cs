namespace Ca.Storage;

/// <summary>Names of the storage layer's meters, for whoever exports them.</summary>
public static class StorageTelemetry
{
    /// <summary>The single writer: batch size, commit latency, queue depth; SQLite checkpoints.</summary>
    public const string WriterMeterName = "Ca.Storage.Writer";
}
