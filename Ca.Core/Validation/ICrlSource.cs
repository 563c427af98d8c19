using Org.BouncyCastle.X509;

namespace Ca.Core.Validation;

/// <summary>
/// Supplies candidate CRLs (complete and delta) for a certificate. Sources may over-deliver: the checker decides
/// which CRLs are in scope, authentic and fresh.
/// </summary>
public interface ICrlSource
{
    /// <summary>Returns CRLs that may cover <paramref name="certificate"/>.</summary>
    /// <param name="certificate">The certificate being checked (its CRLDP/issuer can guide retrieval).</param>
    /// <param name="cancellationToken">Cancels retrieval.</param>
    ValueTask<IReadOnlyList<X509Crl>> GetCrlsAsync(X509Certificate certificate, CancellationToken cancellationToken);

    /// <summary>Where a CRL this source delivered came from (its URL), for the report; null when not fetched.</summary>
    string? LocationOf(X509Crl crl) => null;
}
