namespace Ca.Core.Documents;

/// <summary>
/// The cryptographic outcome of checking a CMS signature. Distinct values let the API tell a user
/// "the document was changed" apart from "the signature is broken" or "this is not a signature".
/// </summary>
public enum CmsVerdict
{
    /// <summary>Digest, signature, certificate binding and any time-stamp all check out.</summary>
    Ok,
    /// <summary>The content does not match the signed message-digest: the document was altered.</summary>
    HashFailure,
    /// <summary>The signature value does not verify under the signer certificate's key.</summary>
    SignatureFailure,
    /// <summary>Not a parseable SignedData, content missing, signer certificate absent, or unsupported algorithm.</summary>
    FormatFailure,
    /// <summary>The ESS signing-certificate(-v2) attribute names a different certificate than the one that verifies.</summary>
    SigningCertificateMismatch,
    /// <summary>A signature time-stamp is present but does not verify or does not cover this signature.</summary>
    TimestampInvalid,
}
