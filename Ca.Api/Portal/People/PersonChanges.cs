using Ca.Core.Audit;
using Ca.Core.Common;
using Ca.Core.People;

namespace Ca.Api.Portal.People;

/// <summary>
/// Turns the difference between a person before and after an Identity operation into audit events:
/// one per kind of change (lockout, password, second factor, roles, other fields by name), so an
/// auditor sees what happened without any secret, hash or code in the log.
/// </summary>
internal static class PersonChanges
{
    public static IReadOnlyList<AuditEvent> Describe(Person before, Person after, DateTimeOffset now, CallerContext caller)
    {
        var events = new List<AuditEvent>();
        void Add(string action, object details) => events.Add(AuditEvent.Succeeded(now, action, after.Id, caller, details));

        if (after.DeletedAt is not null && before.DeletedAt is null)
        {
            Add(AuditActions.PersonDeleted, new { organization = after.OrganizationId });
            return events;
        }

        if (after.LockoutEnd > now && !(before.LockoutEnd > now))
        {
            Add(AuditActions.PersonLockedOut, new { until = after.LockoutEnd, failures = before.AccessFailedCount + 1 });
        }

        if (!string.Equals(before.PasswordHash, after.PasswordHash, StringComparison.Ordinal))
        {
            Add(AuditActions.PersonPasswordSet, new { cleared = after.PasswordHash is null });
        }

        if (before.TwoFactorEnabled != after.TwoFactorEnabled || !SameBytes(before.ProtectedAuthenticatorKey, after.ProtectedAuthenticatorKey))
        {
            Add(AuditActions.PersonSecondFactorChanged, new { enabled = after.TwoFactorEnabled, keyChanged = !SameBytes(before.ProtectedAuthenticatorKey, after.ProtectedAuthenticatorKey) });
        }

        if (!before.Roles.SequenceEqual(after.Roles, StringComparer.Ordinal))
        {
            Add(AuditActions.PersonRolesChanged, new { from = before.Roles, to = after.Roles });
        }

        var other = new List<string>();
        if (before.AccessFailedCount != after.AccessFailedCount) other.Add("accessFailedCount");
        if (before.SecurityStamp != after.SecurityStamp) other.Add("securityStamp");
        if (before.UserName != after.UserName) other.Add("userName");
        if (before.DisplayName != after.DisplayName) other.Add("displayName");
        if (before.LockoutEnd != after.LockoutEnd && events.All(e => e.Action != AuditActions.PersonLockedOut)) other.Add("lockoutEnd");
        if (before.LockoutEnabled != after.LockoutEnabled) other.Add("lockoutEnabled");
        if (other.Count > 0 && events.Count == 0)
        {
            Add(AuditActions.PersonUpdated, new { fields = other, accessFailedCount = after.AccessFailedCount });
        }

        return events;
    }

    private static bool SameBytes(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);
}
