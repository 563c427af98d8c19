namespace Ca.Core.Ocsp;

/// <summary>
/// Port supplying the CAs the responder answers for and each one's current delegated responder key.
/// Backed by storage (responder keys are stored encrypted like CA keys); rollover simply makes the next
/// call return a new <see cref="OcspSigner"/>.
/// </summary>
public interface IOcspSigningKeys
{
    /// <summary>One signer per served CA. Implementations should return cached instances: the responder runs this on every request.</summary>
    ValueTask<IReadOnlyList<OcspSigner>> GetSignersAsync(CancellationToken cancellationToken);
}
