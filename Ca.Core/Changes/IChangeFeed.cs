namespace Ca.Core.Changes;

/// <summary>The durable feed of <see cref="ChangeEvent"/>s every instance reads (a storage port).</summary>
public interface IChangeFeed
{
    /// <summary>The id of the newest event, 0 when there is none.</summary>
    Task<long> HeadAsync(CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="max"/> events after <paramref name="afterId"/>, oldest first.</summary>
    Task<IReadOnlyList<ChangeEvent>> ReadAfterAsync(long afterId, int max, CancellationToken cancellationToken);

    /// <summary>When the status of a certificate issued by <paramref name="caId"/> (or of a CA below it) last changed, among the events kept.</summary>
    Task<DateTimeOffset?> LastStatusChangeAsync(string caId, CancellationToken cancellationToken);

    /// <summary>Deletes events committed before <paramref name="before"/>; returns how many.</summary>
    Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
