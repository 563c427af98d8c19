namespace Ca.Core.Ocsp;

/// <summary>The three OCSP answers (RFC 6960 2.2).</summary>
public enum CertificateStatusKind
{
    /// <summary>Issued by us and not revoked (it may still be expired; OCSP does not say).</summary>
    Good,
    /// <summary>Revoked or on hold.</summary>
    Revoked,
    /// <summary>Not a serial this CA ever issued; answering "good" here would vouch for a forgery.</summary>
    Unknown,
}
