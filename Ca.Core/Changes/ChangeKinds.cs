namespace Ca.Core.Changes;

/// <summary>The kinds of <see cref="ChangeEvent"/>.</summary>
public static class ChangeKinds
{
    /// <summary>A certificate was revoked, put on hold or released (CaId = issuer, Subject = serial hex).</summary>
    public const string CertificateStatus = "certificate-status";

    /// <summary>A CA was revoked (CaId = its parent, Subject = the CA's id).</summary>
    public const string AuthorityStatus = "authority-status";

    /// <summary>An API key was revoked (Subject = key id).</summary>
    public const string ApiKeyRevoked = "api-key-revoked";

    /// <summary>An account was deleted and its keys with it (Subject = account id).</summary>
    public const string AccountDeleted = "account-deleted";
}
