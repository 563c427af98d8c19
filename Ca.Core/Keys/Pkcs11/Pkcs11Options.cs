namespace Ca.Core.Keys.Pkcs11;

/// <summary>
/// The PKCS#11 token (<c>Pki:Keys:Pkcs11</c>). The PIN comes from <see cref="PinFile"/> or from
/// <see cref="Pin"/> (meant for the environment variable <c>Pki__Keys__Pkcs11__Pin</c>); it is never logged.
/// </summary>
public sealed class Pkcs11Options
{
    /// <summary>The vendor's PKCS#11 library, e.g. <c>/usr/lib/softhsm/libsofthsm2.so</c>.</summary>
    public string? ModulePath { get; set; }

    /// <summary>The token's label (CK_TOKEN_INFO.label), which selects the slot.</summary>
    public string? TokenLabel { get; set; }

    /// <summary>A file holding the user PIN (first line; owner-only permissions recommended).</summary>
    public string? PinFile { get; set; }

    /// <summary>The user PIN itself, when given through the environment rather than a file.</summary>
    public string? Pin { get; set; }

    /// <summary>Sessions kept open for signing; concurrent signatures beyond this wait for one. 0: twice the processor count, at least 4.</summary>
    public int Sessions { get; set; }

    /// <summary>Sign with RSASSA-PSS (SHA-256, MGF1-SHA-256, 32-byte salt) when the token offers CKM_RSA_PKCS_PSS; PKCS#1 v1.5 otherwise.</summary>
    public bool RsaPss { get; set; }

    /// <summary>While the token is unreachable, a reconnect is tried at most this often; requests in between get 503 at once.</summary>
    public TimeSpan ReconnectInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The effective session pool size.</summary>
    public int EffectiveSessions => Sessions > 0 ? Sessions : Math.Max(4, 2 * Environment.ProcessorCount);

    /// <summary>True when a module and token are named.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ModulePath) && !string.IsNullOrWhiteSpace(TokenLabel);
}
