namespace Ca.Core.Audit;

/// <summary>The audit vocabulary; auditors filter on these, so they never change meaning.</summary>
public static class AuditActions
{
    /// <summary>A CA key and certificate were created.</summary>
    public const string AuthorityCreated = "authority.created";

    /// <summary>A certificate request was received and is waiting for an officer.</summary>
    public const string RequestSubmitted = "request.submitted";

    /// <summary>An officer approved a request.</summary>
    public const string RequestApproved = "request.approved";

    /// <summary>An officer rejected a request.</summary>
    public const string RequestRejected = "request.rejected";

    /// <summary>A pending request expired unanswered.</summary>
    public const string RequestExpired = "request.expired";

    /// <summary>A certificate was issued.</summary>
    public const string CertificateIssued = "certificate.issued";

    /// <summary>A certificate was revoked or put on hold.</summary>
    public const string CertificateRevoked = "certificate.revoked";

    /// <summary>A hold was lifted.</summary>
    public const string CertificateUnheld = "certificate.unheld";

    /// <summary>A CRL was published.</summary>
    public const string CrlPublished = "crl.published";

    /// <summary>A service key (OCSP, TSA, e-seal) was created.</summary>
    public const string KeyCreated = "key.created";

    /// <summary>An account was created.</summary>
    public const string AccountCreated = "account.created";

    /// <summary>An account was deleted.</summary>
    public const string AccountDeleted = "account.deleted";

    /// <summary>An API key was created.</summary>
    public const string ApiKeyCreated = "apikey.created";

    /// <summary>An API key was revoked.</summary>
    public const string ApiKeyRevoked = "apikey.revoked";

    /// <summary>Many failed authentications from one source in a short time.</summary>
    public const string AuthenticationFailureBurst = "auth.failure-burst";

    /// <summary>A signed checkpoint of the audit chain head was recorded.</summary>
    public const string AuditCheckpoint = "audit.checkpoint";

    /// <summary>A subordinate CA was revoked.</summary>
    public const string AuthorityRevoked = "authority.revoked";

    /// <summary>A document was signed with an e-seal held by the service (signer, SHA-256 and size recorded, not the document).</summary>
    public const string DocumentSigned = "document.signed";

    /// <summary>A person was added to an organization.</summary>
    public const string PersonCreated = "person.created";

    /// <summary>A person's details changed (fields named in the details, never secrets).</summary>
    public const string PersonUpdated = "person.updated";

    /// <summary>A person's roles changed.</summary>
    public const string PersonRolesChanged = "person.roles-changed";

    /// <summary>A person's password was set or changed.</summary>
    public const string PersonPasswordSet = "person.password-set";

    /// <summary>A person's second factor (authenticator app) was enrolled or reset.</summary>
    public const string PersonSecondFactorChanged = "person.second-factor-changed";

    /// <summary>Repeated failed sign-ins locked a person out.</summary>
    public const string PersonLockedOut = "person.locked-out";

    /// <summary>A person was removed.</summary>
    public const string PersonDeleted = "person.deleted";

    /// <summary>A TLS client certificate was linked to a person: presenting it signs them in to the portal.</summary>
    public const string PersonCertificateLinked = "person.certificate-linked";

    /// <summary>A certificate no longer signs a person in.</summary>
    public const string PersonCertificateUnlinked = "person.certificate-unlinked";

    /// <summary>A person signed in to the portal.</summary>
    public const string SignedIn = "auth.signed-in";

    /// <summary>A sign-in attempt failed (wrong password or code, locked out, unknown name).</summary>
    public const string SignInFailed = "auth.sign-in-failed";

    /// <summary>A person signed out.</summary>
    public const string SignedOut = "auth.signed-out";

    /// <summary>A key ceremony was held (hierarchy created or imported, offline CRL signed); its record is signed by the root.</summary>
    public const string KeyCeremony = "ceremony.completed";

    /// <summary>A key of the portal's cookie and token key ring was created (target: its id; never the key).</summary>
    public const string PortalKeyCreated = "portal.key-created";
}
