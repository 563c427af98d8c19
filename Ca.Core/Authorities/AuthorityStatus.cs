namespace Ca.Core.Authorities;

/// <summary>Whether a CA may sign.</summary>
public enum AuthorityStatus
{
    /// <summary>Issues certificates and CRLs.</summary>
    Active,
    /// <summary>No longer issues certificates but still signs CRLs/OCSP for what it issued.</summary>
    Retired,
    /// <summary>Its certificate was revoked by its parent: issues nothing.</summary>
    Revoked,
}
