using Ca.Core.Common;
using Microsoft.AspNetCore.Authorization;

namespace Ca.Api.Authentication;

/// <summary>The authorization policies, one per kind of caller the trust model knows.</summary>
internal static class Policies
{
    /// <summary>May submit requests and manage its own certificates.</summary>
    public const string Subscriber = "subscriber";

    /// <summary>Approves, rejects, revokes any certificate, holds and unholds.</summary>
    public const string Officer = "officer";

    /// <summary>Reads the audit log.</summary>
    public const string Auditor = "auditor";

    /// <summary>Manages accounts, CAs, signers.</summary>
    public const string Admin = "admin";

    /// <summary>Operates the CAs: revokes a CA, publishes CRLs on demand.</summary>
    public const string Operator = "operator";

    /// <summary>Any authenticated account (reads are then filtered by ownership).</summary>
    public const string Authenticated = "authenticated";

    public static void Configure(AuthorizationOptions options)
    {
        options.AddPolicy(Subscriber, p => p.RequireRole(Roles.Requester, Roles.Officer, Roles.Admin));
        options.AddPolicy(Officer, p => p.RequireRole(Roles.Officer));
        options.AddPolicy(Auditor, p => p.RequireRole(Roles.Auditor));
        options.AddPolicy(Admin, p => p.RequireRole(Roles.Admin));
        options.AddPolicy(Authenticated, p => p.RequireAuthenticatedUser());
        options.AddPolicy(Operator, p => p.RequireRole(Roles.Officer, Roles.Admin));
    }
}
