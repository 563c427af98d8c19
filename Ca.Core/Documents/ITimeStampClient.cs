namespace Ca.Core.Documents;

/// <summary>
/// Port to an RFC 3161 time-stamp authority, in-process or remote, so CAdES-T signing does not care
/// where its time comes from.
/// </summary>
public interface ITimeStampClient
{
    /// <summary>
    /// A DER TimeStampToken (CMS ContentInfo) over the given SHA-256 imprint; throws
    /// <see cref="TimeStampUnavailableException"/> when the TSA refuses or answers something unusable.
    /// </summary>
    Task<byte[]> GetTimeStampTokenAsync(byte[] messageImprintSha256, CancellationToken cancellationToken);
}
