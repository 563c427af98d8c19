namespace Ca.Core.Revocation;

/// <summary>
/// RFC 5280 5.3.1 CRLReason. The numeric values are the wire codes, so the enum can be cast straight
/// into a reasonCode extension or an OCSP revocationReason; 7 is unassigned by the RFC.
/// </summary>
public enum RevocationReason
{
    /// <summary>No reason given; never written as an extension (RFC 5280 5.3.1 says to omit it).</summary>
    Unspecified = 0,
    /// <summary>The subscriber's private key is known or suspected to be compromised.</summary>
    KeyCompromise = 1,
    /// <summary>The issuing CA's key is compromised; everything it signed is suspect.</summary>
    CACompromise = 2,
    /// <summary>The subject's name or affiliation changed; the key is not suspect.</summary>
    AffiliationChanged = 3,
    /// <summary>Replaced by a new certificate; the key is not suspect.</summary>
    Superseded = 4,
    /// <summary>No longer needed; the key is not suspect.</summary>
    CessationOfOperation = 5,
    /// <summary>Temporarily suspended; the only reason that can later be lifted.</summary>
    CertificateHold = 6,
    /// <summary>Delta CRL only: a held certificate is valid again (or dropped after expiry).</summary>
    RemoveFromCrl = 8,
    /// <summary>A privilege granted by the certificate was withdrawn.</summary>
    PrivilegeWithdrawn = 9,
    /// <summary>An attribute authority's key is compromised.</summary>
    AACompromise = 10,
}
