using Ca.Core.People;

namespace Ca.Api.Portal.People;

/// <summary>
/// The mutable user object ASP.NET Core Identity works on, over Core's immutable <see cref="Person"/>.
/// It remembers the person as loaded, so the store can tell exactly what changed and audit that.
/// </summary>
public sealed class PortalUser
{
    internal PortalUser(Person loaded)
    {
        Loaded = loaded;
        Current = loaded;
    }

    /// <summary>The person as it was read from storage (or created).</summary>
    internal Person Loaded { get; set; }

    /// <summary>The person with the changes Identity has made since.</summary>
    internal Person Current { get; set; }

    public string Id => Current.Id;

    public string UserName => Current.UserName;

    public string DisplayName => Current.DisplayName;

    public string OrganizationId => Current.OrganizationId;

    public IReadOnlyList<string> Roles => Current.Roles;

    public bool TwoFactorEnabled => Current.TwoFactorEnabled;

    public bool HasPassword => Current.PasswordHash is not null;

    public DateTimeOffset? LockoutEnd => Current.LockoutEnd;
}
