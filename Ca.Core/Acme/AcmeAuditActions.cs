namespace Ca.Core.Acme;

/// <summary>The ACME part of the audit vocabulary (see <see cref="Audit.AuditActions"/>).</summary>
public static class AcmeAuditActions
{
    /// <summary>An ACME account was created.</summary>
    public const string AccountCreated = "acme.account.created";

    /// <summary>An ACME account's contacts changed.</summary>
    public const string AccountUpdated = "acme.account.updated";

    /// <summary>An ACME account was deactivated by its holder.</summary>
    public const string AccountDeactivated = "acme.account.deactivated";

    /// <summary>An ACME account rolled over to a new key.</summary>
    public const string AccountKeyChanged = "acme.account.key-changed";

    /// <summary>An order was created.</summary>
    public const string OrderCreated = "acme.order.created";

    /// <summary>An order moved to processing (finalize accepted).</summary>
    public const string OrderProcessing = "acme.order.processing";

    /// <summary>An order's certificate was issued.</summary>
    public const string OrderValid = "acme.order.valid";

    /// <summary>An order failed.</summary>
    public const string OrderInvalid = "acme.order.invalid";

    /// <summary>Finalization was refused by the profile; the order is ready again.</summary>
    public const string OrderFinalizeRefused = "acme.order.finalize-refused";

    /// <summary>A challenge was answered and validation started.</summary>
    public const string ChallengeStarted = "acme.challenge.started";

    /// <summary>A challenge validated; its authorization is valid.</summary>
    public const string ChallengeValid = "acme.challenge.valid";

    /// <summary>A challenge failed; its authorization is invalid.</summary>
    public const string ChallengeInvalid = "acme.challenge.invalid";

    /// <summary>An authorization was deactivated by its account.</summary>
    public const string AuthorizationDeactivated = "acme.authorization.deactivated";

    /// <summary>An EAB credential was created.</summary>
    public const string EabCreated = "acme.eab.created";

    /// <summary>An EAB credential (and the account it created) was revoked.</summary>
    public const string EabRevoked = "acme.eab.revoked";
}
