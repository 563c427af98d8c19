namespace Ca.Core.Documents;

/// <summary>
/// The TSA did not grant a usable token. A server-side dependency failure, not a client error, so the
/// API should answer 502/503 rather than 4xx.
/// </summary>
public sealed class TimeStampUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TimeStampUnavailableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
