namespace Ca.Core.Timestamping;

/// <summary>
/// Port that supplies the TSA's current signing material; storage implements it, so key rotation or an
/// HSM-backed key does not touch the protocol code.
/// </summary>
public interface ITsaSigner
{
    /// <summary>The key and certificates to sign the next token with.</summary>
    Task<TsaSigningMaterial> GetSigningMaterialAsync(CancellationToken cancellationToken);
}
