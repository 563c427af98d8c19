namespace Ca.Core.Validation;

/// <summary>Typed reason a certification path was rejected, so callers can react without parsing messages.</summary>
public enum PathValidationFailure
{
    /// <summary>The path is valid.</summary>
    None = 0,
    /// <summary>A certificate signature does not verify with its issuer's key.</summary>
    SignatureInvalid,
    /// <summary>A certificate's notAfter is before the validation time.</summary>
    Expired,
    /// <summary>A certificate's notBefore is after the validation time.</summary>
    NotYetValid,
    /// <summary>A certificate is revoked (or on hold) at the validation time.</summary>
    Revoked,
    /// <summary>The revocation status of a certificate could not be determined.</summary>
    RevocationUnknown,
    /// <summary>A certificate's issuer name does not match the subject of the previous certificate.</summary>
    NameChainingFailed,
    /// <summary>An intermediate certificate is not a CA (basicConstraints missing or cA false).</summary>
    BasicConstraintsViolation,
    /// <summary>A pathLenConstraint was exceeded.</summary>
    PathLengthExceeded,
    /// <summary>An issuing certificate lacks keyCertSign.</summary>
    KeyUsageViolation,
    /// <summary>The end-entity certificate does not carry a required extended key usage.</summary>
    ExtendedKeyUsageViolation,
    /// <summary>A name is outside the permitted or inside the excluded subtrees.</summary>
    NameConstraintsViolation,
    /// <summary>Certificate policy processing failed (explicit policy required but no valid policy, bad mapping).</summary>
    PolicyViolation,
    /// <summary>A certificate carries a critical extension this validator does not process.</summary>
    UnknownCriticalExtension,
    /// <summary>A signature or key algorithm is not supported.</summary>
    UnsupportedAlgorithm,
    /// <summary>The input is unusable (empty chain, undecodable extension).</summary>
    MalformedInput,
    /// <summary>
    /// A certificate breaks a rule of how conforming CAs make certificates (RFC 5280 4.1-4.2, RFC 5480): a bad serial
    /// number, a missing or critical key identifier, keyCertSign without cA, a malformed subjectAltName, ...
    /// </summary>
    ProfileViolation,
    /// <summary>No chain from the target to any trust anchor could be built.</summary>
    NoChainFound,
}
