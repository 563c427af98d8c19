namespace Ca.Core.Issuance;

/// <summary>Revocation state of an issued certificate (expiry is derived from notAfter, not stored).</summary>
public enum CertificateStatus
{
    /// <summary>Not revoked.</summary>
    Valid,
    /// <summary>Permanently revoked.</summary>
    Revoked,
    /// <summary>Suspended (certificateHold); can be lifted.</summary>
    OnHold,
}
