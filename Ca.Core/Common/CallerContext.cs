namespace Ca.Core.Common;

/// <summary>
/// Who is asking, as established at the edge (API key, client certificate, or a system job). Core
/// records it in every audit event and uses it for ownership and four-eyes rules.
/// </summary>
/// <param name="ActorId">Stable account id, or <c>system:...</c> for jobs, or <c>anonymous</c>.</param>
/// <param name="Roles">The caller's roles.</param>
/// <param name="CorrelationId">The HTTP request id (trace id), linking audit records to logs.</param>
/// <param name="OrganizationId">
/// The organization (account) the actor acts for; null when the actor is the organization itself
/// (an API key or client certificate). A person signed in to the portal acts for their organization.
/// </param>
public sealed record CallerContext(string ActorId, IReadOnlySet<string> Roles, string? CorrelationId = null, string? OrganizationId = null)
{
    /// <summary>
    /// Whose requests, certificates and signers these are: everyone in an organization sees and owns
    /// the organization's, whoever in it submitted them.
    /// </summary>
    public string Organization => OrganizationId ?? ActorId;

    /// <summary>True when the actor is the organization's own credential (an API key or client certificate) rather than one person.</summary>
    public bool ActsAsOrganization => string.Equals(Organization, ActorId, StringComparison.Ordinal);

    /// <summary>The service itself (bootstrap, scheduled jobs).</summary>
    public static CallerContext System(string job) => new($"system:{job}", new HashSet<string>(StringComparer.Ordinal) { Ca.Core.Common.Roles.Admin });

    /// <summary>
    /// Officers, auditors and admins see every request and certificate; a requester sees only its own,
    /// and is told "not found" for others' so it cannot learn they exist.
    /// </summary>
    public bool SeesAllSubscribers => IsInRole(Ca.Core.Common.Roles.Officer) || IsInRole(Ca.Core.Common.Roles.Auditor) || IsInRole(Ca.Core.Common.Roles.Admin);

    /// <summary>True when the caller may see something owned by <paramref name="owner"/> (an organization).</summary>
    public bool CanSee(string owner) => SeesAllSubscribers || string.Equals(owner, Organization, StringComparison.Ordinal);

    /// <summary>True when the caller holds the role.</summary>
    public bool IsInRole(string role) => Roles.Contains(role);
}

/// <summary>The roles of the trust model.</summary>
public static class Roles
{
    /// <summary>A business or person requesting certificates for itself.</summary>
    public const string Requester = "requester";

    /// <summary>A security officer: approves, rejects, revokes.</summary>
    public const string Officer = "officer";

    /// <summary>Reads the audit log.</summary>
    public const string Auditor = "auditor";

    /// <summary>Manages accounts, CAs and profiles.</summary>
    public const string Admin = "admin";

    /// <summary>All roles, for validation.</summary>
    public static IReadOnlyList<string> All { get; } = [Requester, Officer, Auditor, Admin];
}
