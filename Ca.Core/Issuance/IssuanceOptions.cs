namespace Ca.Core.Issuance;

/// <summary>Issuance knobs (<c>Pki:Issuance</c>).</summary>
public sealed class IssuanceOptions
{
    /// <summary>
    /// notBefore is set this many seconds in the past so relying parties with a slow clock accept a
    /// fresh certificate. The validity period still never exceeds the profile maximum.
    /// </summary>
    public int BackdateSeconds { get; set; } = 60;

    /// <summary>Minimum length of a PKCS#12 password for server-side key generation.</summary>
    public int MinimumPkcs12PasswordLength { get; set; } = 8;

    /// <summary>Pending requests not decided within this many days expire.</summary>
    public int PendingRequestLifetimeDays { get; set; } = 30;
}
