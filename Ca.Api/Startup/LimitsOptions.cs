namespace Ca.Api.Startup;

/// <summary>Request size limits (<c>Pki:Limits</c>).</summary>
public sealed class LimitsOptions
{
    /// <summary>Largest JSON/API body accepted, in bytes; larger gets 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
