using System.Text.Json;
using Ca.Core.Common;
using Ca.Core.Issuance;

namespace Ca.Core.Audit;

/// <summary>Reading and proving the audit log: queries for auditors, full-chain verification.</summary>
public sealed class AuditService
{
    private readonly IAuditLog log;
    private readonly TimeProvider clock;
    private readonly AuditCheckpoints? checkpoints;

    /// <summary>Creates the service.</summary>
    public AuditService(IAuditLog log, TimeProvider clock, AuditCheckpoints? checkpoints = null)
    {
        this.log = log;
        this.clock = clock;
        this.checkpoints = checkpoints;
    }

    /// <summary>Records matching the query.</summary>
    public Task<PagedResult<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        Paging.Validate(query.Page, query.PageSize);

        return log.QueryAsync(query, cancellationToken);
    }

    /// <summary>
    /// Recomputes every hash and link from the first record to the last, and checks the CA signature
    /// of every checkpoint against the hash stored where it points.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var expected = 1L;
        var previous = AuditChain.GenesisHash;
        var count = 0L;
        var hashes = new Dictionary<long, string>();
        var checkpointRecords = new List<AuditRecord>();
        await foreach (var record in log.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            count++;
            if (AuditChain.FindFirstBroken([record], expected, previous) is { } broken)
            {
                return new AuditVerification(false, count, broken);
            }

            hashes[record.Sequence] = record.Hash;
            if (record.Event.Action == AuditActions.AuditCheckpoint)
            {
                checkpointRecords.Add(record);
            }

            previous = record.Hash;
            expected++;
        }

        if (checkpoints is not null)
        {
            foreach (var checkpoint in checkpointRecords)
            {
                if (!await checkpoints.VerifyAsync(checkpoint, hashes, cancellationToken).ConfigureAwait(false))
                {
                    return new AuditVerification(false, count, checkpoint.Sequence, checkpointRecords.Count);
                }
            }
        }

        return new AuditVerification(true, count, null, checkpointRecords.Count);
    }

    /// <summary>Records an event that is not part of another change (e.g. a burst of failed logins).</summary>
    public Task RecordAsync(string action, string target, string actor, string outcome, object details, string? correlationId, CancellationToken cancellationToken) =>
        log.AppendAsync([new AuditEvent(action, target, actor, outcome, clock.GetUtcNow(), correlationId, JsonSerializer.Serialize(details))], cancellationToken);
}
