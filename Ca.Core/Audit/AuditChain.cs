using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ca.Core.Audit;

/// <summary>
/// The hash chain over the audit log. Each record's hash covers its content and its predecessor's
/// hash, so altering, deleting or reordering any record breaks every hash after it. The rule lives
/// in Core so that storage appends and the verifier can never disagree on it.
/// </summary>
public static class AuditChain
{
    /// <summary>The predecessor hash of the very first record.</summary>
    public static readonly string GenesisHash = new('0', 64);

    /// <summary>Appends an event after the given head, returning the chained record.</summary>
    public static AuditRecord Append(long previousSequence, string previousHash, AuditEvent auditEvent)
    {
        var sequence = previousSequence + 1;
        return new AuditRecord(sequence, auditEvent, previousHash, ComputeHash(sequence, auditEvent, previousHash));
    }

    /// <summary>The hash of a record's content chained to its predecessor.</summary>
    public static string ComputeHash(long sequence, AuditEvent e, string previousHash)
    {
        // Length-prefixed fields: no separator inside a value can make two records hash alike.
        var builder = new StringBuilder();
        void Field(string? value) => builder.Append(value?.Length.ToString(CultureInfo.InvariantCulture) ?? "-").Append(':').Append(value).Append('|');
        Field(sequence.ToString(CultureInfo.InvariantCulture));
        Field(e.At.UtcTicks.ToString(CultureInfo.InvariantCulture));
        Field(e.Action);
        Field(e.Target);
        Field(e.Actor);
        Field(e.Outcome);
        Field(e.CorrelationId);
        Field(e.Details);
        Field(previousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    /// <summary>
    /// Recomputes the chain over records in sequence order. Returns the sequence of the first record
    /// whose number, link or hash is wrong, or null when the whole chain holds.
    /// </summary>
    public static long? FindFirstBroken(IEnumerable<AuditRecord> records, long expectedFirstSequence = 1, string? expectedPreviousHash = null)
    {
        var expectedSequence = expectedFirstSequence;
        var previous = expectedPreviousHash ?? GenesisHash;
        foreach (var record in records)
        {
            if (record.Sequence != expectedSequence
                || !string.Equals(record.PreviousHash, previous, StringComparison.Ordinal)
                || !string.Equals(record.Hash, ComputeHash(record.Sequence, record.Event, record.PreviousHash), StringComparison.Ordinal))
            {
                return record.Sequence == expectedSequence ? record.Sequence : Math.Min(record.Sequence, expectedSequence);
            }

            previous = record.Hash;
            expectedSequence++;
        }

        return null;
    }
}
