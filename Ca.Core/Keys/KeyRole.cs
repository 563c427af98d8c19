namespace Ca.Core.Keys;

/// <summary>
/// What a key is for, which decides where new keys of that kind are generated
/// (<c>Pki:Keys:Roles:{role}</c>, else <c>Pki:Keys:Provider</c>): CA keys on a token while OCSP
/// responder keys, rolled over monthly, stay in software, for instance.
/// </summary>
public enum KeyRole
{
    /// <summary>Root and issuing CA keys.</summary>
    Ca,
    /// <summary>Delegated OCSP responder keys.</summary>
    Ocsp,
    /// <summary>The time-stamp authority's key.</summary>
    Tsa,
    /// <summary>Agencies' e-seals (document signers).</summary>
    DocumentSigner,
}

/// <summary>Maps service-key purposes to roles.</summary>
public static class KeyRoles
{
    /// <summary>The role of a service key of the given purpose.</summary>
    public static KeyRole For(ServiceKeyPurpose purpose) => purpose switch
    {
        ServiceKeyPurpose.Ocsp => KeyRole.Ocsp,
        ServiceKeyPurpose.Tsa => KeyRole.Tsa,
        _ => KeyRole.DocumentSigner,
    };
}
