using Ca.Core.Keys;
using Org.BouncyCastle.X509;

namespace Ca.Core.Documents;

/// <summary>
/// The e-seal or person key that signs a document, with its certificate and the CA certificates that
/// verifiers need to build the path; the chain is embedded in every signature so it verifies offline.
/// </summary>
/// <param name="Key">The signing key (ECDSA, RSA or Ed25519).</param>
/// <param name="Certificate">The signer's certificate; must carry <paramref name="Key"/>'s public key.</param>
/// <param name="Chain">Issuing CA first, then its parents (the root may be left out).</param>
public sealed record DocumentSigningMaterial(ISigningKey Key, X509Certificate Certificate, IReadOnlyList<X509Certificate> Chain);
