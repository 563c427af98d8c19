namespace Ca.Core.Validation;

/// <summary>RFC 5280 CRLReason codes, kept numerically identical so they round-trip to CRL entries.</summary>
public enum RevocationReason
{
    /// <summary>No specific reason (also used when the entry has no reasonCode).</summary>
    Unspecified = 0,
    /// <summary>The subject's private key was compromised.</summary>
    KeyCompromise = 1,
    /// <summary>A CA key was compromised.</summary>
    CACompromise = 2,
    /// <summary>The subject's affiliation changed.</summary>
    AffiliationChanged = 3,
    /// <summary>The certificate was replaced.</summary>
    Superseded = 4,
    /// <summary>The certificate is no longer needed.</summary>
    CessationOfOperation = 5,
    /// <summary>The certificate is temporarily suspended.</summary>
    CertificateHold = 6,
    /// <summary>Delta-CRL marker releasing a hold.</summary>
    RemoveFromCrl = 8,
    /// <summary>A privilege in the certificate was withdrawn.</summary>
    PrivilegeWithdrawn = 9,
    /// <summary>An attribute authority key was compromised.</summary>
    AACompromise = 10,
}
