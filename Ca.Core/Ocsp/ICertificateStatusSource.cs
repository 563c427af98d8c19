using Ca.Core.Common;

namespace Ca.Core.Ocsp;

/// <summary>
/// Port to the issued-certificate store for OCSP lookups; a ValueTask because the hot path is usually
/// answered from an in-memory index and should not allocate.
/// </summary>
public interface ICertificateStatusSource
{
    /// <summary>The status of <paramref name="serial"/> as issued by CA <paramref name="caId"/>; <see cref="CertificateStatusInfo.Unknown"/> when we never issued it.</summary>
    ValueTask<CertificateStatusInfo> GetStatusAsync(string caId, SerialNumber serial, CancellationToken cancellationToken);
}
