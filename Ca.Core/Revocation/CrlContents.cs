namespace Ca.Core.Revocation;

/// <summary>
/// Decides what a CA's CRLs list, as a pure function of its revocation records and a point in time, so
/// the rules (expiry grace, lifted holds, delta = difference from the base) are testable without keys,
/// storage or clocks.
/// </summary>
public static class CrlContents
{
    /// <summary>
    /// Entries of a full CRL at <paramref name="now"/>: every certificate revoked or held by then, not
    /// since released from hold, whose notAfter plus <paramref name="expiredGrace"/> has not passed
    /// (RFC 5280 3.3 lets expired certificates drop off; the grace keeps them on at least one more CRL).
    /// </summary>
    public static IReadOnlyList<CrlEntry> Full(IEnumerable<RevocationRecord> records, DateTimeOffset now, TimeSpan expiredGrace)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(expiredGrace, TimeSpan.Zero);
        var entries = records is ICollection<RevocationRecord> sized ? new List<CrlEntry>(sized.Count) : [];
        foreach (var record in records)
        {
            if (IsListed(record, now, expiredGrace))
            {
                entries.Add(ToEntry(record));
            }
        }

        return entries;
    }

    /// <summary>
    /// Entries of a delta CRL against <paramref name="baseCrl"/>: what a relying party must add to the
    /// base to get today's full CRL. Listed now but not then (or changed since, e.g. a hold made
    /// permanent) gives a normal entry; listed then but not now (hold lifted, or dropped after expiry)
    /// gives a <see cref="RevocationReason.RemoveFromCrl"/> entry (RFC 5280 5.2.4, 5.3.1).
    /// </summary>
    public static IReadOnlyList<CrlEntry> Delta(IEnumerable<RevocationRecord> records, BaseCrlState baseCrl, DateTimeOffset now, TimeSpan expiredGrace)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(expiredGrace, TimeSpan.Zero);
        if (now < baseCrl.ThisUpdate)
        {
            throw new ArgumentException("A delta CRL cannot predate its base CRL.", nameof(now));
        }

        var entries = new List<CrlEntry>();
        foreach (var record in records)
        {
            var listedThen = IsListed(record, baseCrl.ThisUpdate, expiredGrace);
            var listedNow = IsListed(record, now, expiredGrace);
            if (listedNow)
            {
                var changed = (record.ChangedAt ?? record.RevokedAt) > baseCrl.ThisUpdate;
                if (!listedThen || changed)
                {
                    entries.Add(ToEntry(record));
                }
            }
            else if (listedThen)
            {
                entries.Add(new CrlEntry(record.SerialNumber, record.RevokedAt, RevocationReason.RemoveFromCrl));
            }
        }

        return entries;
    }

    private static bool IsListed(RevocationRecord record, DateTimeOffset at, TimeSpan expiredGrace) =>
        record.RevokedAt <= at
        && !(record.UnheldAt is { } unheld && unheld >= record.RevokedAt && unheld <= at)
        && record.NotAfter + expiredGrace > at
        && record.Reason != RevocationReason.RemoveFromCrl;

    private static CrlEntry ToEntry(RevocationRecord record) =>
        new(record.SerialNumber, record.RevokedAt, record.Reason, record.InvalidityDate);
}
