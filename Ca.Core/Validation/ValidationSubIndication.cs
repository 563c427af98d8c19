namespace Ca.Core.Validation;

/// <summary>
/// Why a validation did not pass, with the ETSI EN 319 102-1 Table 5 meaning. The wire form is the
/// ETSI token (<see cref="ValidationNames.ToEtsiName(ValidationSubIndication)"/>), e.g. HASH_FAILURE.
/// </summary>
public enum ValidationSubIndication
{
    /// <summary>FAILED: the input is not a CMS signature (or certificate) that can be processed.</summary>
    FormatFailure,
    /// <summary>FAILED: the document does not match the signed digest (it was changed).</summary>
    HashFailure,
    /// <summary>FAILED: the signature value does not verify under the signer's key.</summary>
    SigCryptoFailure,
    /// <summary>FAILED: revoked, and the revocation is proven to precede the (proven) signing time.</summary>
    Revoked,
    /// <summary>FAILED: the certificate had expired at the proven or requested time.</summary>
    Expired,
    /// <summary>FAILED: the certificate was not yet valid at the proven or requested time.</summary>
    NotYetValid,
    /// <summary>INDETERMINATE: the signer is revoked and nothing proves the signature existed before.</summary>
    RevokedNoPoe,
    /// <summary>INDETERMINATE: a CA in the chain is revoked and nothing proves the signature existed before.</summary>
    RevokedCaNoPoe,
    /// <summary>INDETERMINATE: outside its validity now, and nothing proves the signature was made while valid.</summary>
    OutOfBoundsNoPoe,
    /// <summary>INDETERMINATE: no chain to a trust anchor could be built.</summary>
    NoCertificateChainFound,
    /// <summary>INDETERMINATE: a chain exists but breaks a constraint (basic constraints, key usage, name constraints, policy, critical extension).</summary>
    ChainConstraintsFailure,
    /// <summary>INDETERMINATE: the chain is broken for another reason (a certificate signature does not verify).</summary>
    CertificateChainGeneralFailure,
    /// <summary>INDETERMINATE: an algorithm is not supported or not acceptable.</summary>
    CryptoConstraintsFailure,
    /// <summary>INDETERMINATE: the signer certificate does not allow signing (key usage).</summary>
    SigConstraintsFailure,
    /// <summary>INDETERMINATE: the signer's certificate is missing or not the one the signature names.</summary>
    NoSigningCertificateFound,
    /// <summary>INDETERMINATE: a detached signature was given without its document.</summary>
    SignedDataNotFound,
    /// <summary>INDETERMINATE: revocation information is not available now (offline CRL, not configured); may succeed later.</summary>
    TryLater,
}
