namespace Ca.Core.Validation;

/// <summary>Three-valued revocation answer: validators must distinguish "not revoked" from "could not tell".</summary>
public enum RevocationStatus
{
    /// <summary>The certificate is not revoked at the requested time.</summary>
    Good,
    /// <summary>The certificate is revoked or on hold at the requested time.</summary>
    Revoked,
    /// <summary>No sufficient, trustworthy revocation information was available.</summary>
    Unknown,
}
