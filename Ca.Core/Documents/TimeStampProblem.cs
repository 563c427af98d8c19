namespace Ca.Core.Documents;

/// <summary>Why a signature time-stamp was not accepted as proof of time.</summary>
public enum TimeStampProblem
{
    /// <summary>Its message imprint is not the hash of this signature value: it belongs to another signature.</summary>
    NotForThisSignature,

    /// <summary>The TSA's certificate is not in the token or the signature.</summary>
    AuthorityCertificateMissing,

    /// <summary>The token is malformed or its signature does not verify.</summary>
    Invalid,
}
