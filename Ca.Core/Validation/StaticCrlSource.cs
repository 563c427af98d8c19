using Org.BouncyCastle.X509;

namespace Ca.Core.Validation;

/// <summary>An in-memory CRL source for tests, offline validation and CRLs already fetched by the caller.</summary>
public sealed class StaticCrlSource : ICrlSource
{
    private readonly IReadOnlyList<X509Crl> _crls;

    /// <summary>Creates a source that always returns the given CRLs.</summary>
    /// <param name="crls">Complete and delta CRLs; scope selection happens in the checker.</param>
    public StaticCrlSource(IEnumerable<X509Crl> crls)
    {
        ArgumentNullException.ThrowIfNull(crls);
        _crls = crls.ToArray();
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<X509Crl>> GetCrlsAsync(X509Certificate certificate, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_crls);
}
