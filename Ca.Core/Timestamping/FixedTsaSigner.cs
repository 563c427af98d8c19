namespace Ca.Core.Timestamping;

/// <summary>An <see cref="ITsaSigner"/> over material already in memory, for single-key deployments and tests.</summary>
public sealed class FixedTsaSigner : ITsaSigner
{
    private readonly Task<TsaSigningMaterial> material;

    /// <summary>Wraps the material.</summary>
    public FixedTsaSigner(TsaSigningMaterial material) => this.material = Task.FromResult(material);

    /// <inheritdoc />
    public Task<TsaSigningMaterial> GetSigningMaterialAsync(CancellationToken cancellationToken) => material;
}
