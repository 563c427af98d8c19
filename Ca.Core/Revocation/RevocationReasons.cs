using System.Diagnostics.CodeAnalysis;
using Ca.Core.Common;

namespace Ca.Core.Revocation;

/// <summary>
/// Converts <see cref="RevocationReason"/> to and from the RFC 5280 ASN.1 names the API, audit log and
/// openssl all use (<c>keyCompromise</c>), so one spelling travels end to end.
/// </summary>
public static class RevocationReasons
{
    private static readonly (RevocationReason Reason, string Name)[] Names =
    [
        (RevocationReason.Unspecified, "unspecified"),
        (RevocationReason.KeyCompromise, "keyCompromise"),
        (RevocationReason.CACompromise, "cACompromise"),
        (RevocationReason.AffiliationChanged, "affiliationChanged"),
        (RevocationReason.Superseded, "superseded"),
        (RevocationReason.CessationOfOperation, "cessationOfOperation"),
        (RevocationReason.CertificateHold, "certificateHold"),
        (RevocationReason.RemoveFromCrl, "removeFromCRL"),
        (RevocationReason.PrivilegeWithdrawn, "privilegeWithdrawn"),
        (RevocationReason.AACompromise, "aACompromise"),
    ];

    /// <summary>The RFC 5280 name, e.g. <c>keyCompromise</c>; the stable form for APIs and logs.</summary>
    public static string ToWireName(this RevocationReason reason)
    {
        foreach (var (value, name) in Names)
        {
            if (value == reason)
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(reason), reason, "Not an RFC 5280 CRLReason.");
    }

    /// <summary>
    /// Parses a wire name case-insensitively (clients are sloppy about <c>cACompromise</c>); false for
    /// anything else so the caller can answer 400 rather than guess.
    /// </summary>
    public static bool TryParse(string? text, out RevocationReason reason)
    {
        foreach (var (value, name) in Names)
        {
            if (string.Equals(name, text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                reason = value;
                return true;
            }
        }

        reason = default;
        return false;
    }

    /// <summary>Parses a wire name or fails with a 400 naming <paramref name="field"/>.</summary>
    public static RevocationReason Parse(string? text, string field = "reason") =>
        TryParse(text, out var reason)
            ? reason
            : throw CaException.BadRequest("invalid-revocation-reason", $"'{text}' is not a revocation reason; use one of: {string.Join(", ", Names.Select(n => n.Name))}.", field);

    /// <summary>Maps a stored or decoded code, rejecting 7 and out-of-range values that would not round-trip.</summary>
    public static bool TryFromCode(int code, [NotNullWhen(true)] out RevocationReason? reason)
    {
        if (code is >= 0 and <= 10 and not 7)
        {
            reason = (RevocationReason)code;
            return true;
        }

        reason = null;
        return false;
    }

    /// <summary>True for the reasons a subscriber or officer may choose when revoking (not the delta-only removeFromCRL).</summary>
    public static bool IsAssignable(this RevocationReason reason) =>
        reason is not RevocationReason.RemoveFromCrl && Enum.IsDefined(reason);
}
