using System.Collections.Concurrent;
using Ca.Core.Audit;
using Ca.Core.Authorities;

namespace Ca.Tests.Support;

/// <summary>An <see cref="IAuthorityStore"/> in a dictionary, for building a test hierarchy without a database.</summary>
public sealed class InMemoryAuthorityStore : IAuthorityStore
{
    private readonly ConcurrentDictionary<string, AuthorityRecord> records = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<AuthorityRecord>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AuthorityRecord>>(records.Values.OrderBy(r => r.ParentId is null ? 0 : 1).ToList());

    public Task<AuthorityRecord?> FindAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(records.TryGetValue(id, out var record) ? record : null);

    public Task AddAsync(AuthorityRecord authority, AuditEvent audit, CancellationToken cancellationToken)
    {
        records[authority.Id] = authority;
        return Task.CompletedTask;
    }

    public Task RevokeAsync(string id, int reason, DateTimeOffset at, AuditEvent audit, CancellationToken cancellationToken)
    {
        records[id] = records[id] with { Status = AuthorityStatus.Revoked };
        return Task.CompletedTask;
    }
}
