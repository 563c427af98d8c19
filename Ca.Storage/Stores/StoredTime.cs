namespace Ca.Storage.Stores;

/// <summary>Every stored instant is UTC; providers hand DateTime back with an unspecified kind.</summary>
internal static class StoredTime
{
    public static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
