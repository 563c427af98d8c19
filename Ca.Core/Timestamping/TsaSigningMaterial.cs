using Ca.Core.Keys;
using Org.BouncyCastle.X509;

namespace Ca.Core.Timestamping;

/// <summary>
/// What the TSA signs with: its key, its certificate and the CA certificates above it. Handed out by
/// <see cref="ITsaSigner"/> so the key can live in storage or an HSM without the TSA knowing.
/// </summary>
/// <param name="Key">The TSA private key.</param>
/// <param name="Certificate">The TSA certificate (critical EKU with only id-kp-timeStamping).</param>
/// <param name="Chain">Issuing CA first, up to (optionally) the root; sent to clients that set certReq.</param>
public sealed record TsaSigningMaterial(ISigningKey Key, X509Certificate Certificate, IReadOnlyList<X509Certificate> Chain);
