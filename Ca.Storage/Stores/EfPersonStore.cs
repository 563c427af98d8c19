using Ca.Core.Audit;
using Ca.Core.People;
using Ca.Storage.Entities;
using Ca.Storage.Writing;
using Microsoft.EntityFrameworkCore;

namespace Ca.Storage.Stores;

/// <summary>People through the single writer, so a credential change and its audit record commit together.</summary>
internal sealed class EfPersonStore(ICaDbContextFactory contexts, StorageWriter writer) : IPersonStore
{
    public async Task<Person?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var row = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToRecord(row);
    }

    public async Task<Person?> FindByNormalizedUserNameAsync(string normalizedUserName, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var row = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.NormalizedUserName == normalizedUserName && p.DeletedAt == null, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToRecord(row);
    }

    public async Task<IReadOnlyList<Person>> ListAsync(string? organizationId, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var rows = db.People.AsNoTracking().Where(p => p.DeletedAt == null);
        if (organizationId is not null)
        {
            rows = rows.Where(p => p.OrganizationId == organizationId);
        }

        return (await rows.OrderBy(p => p.UserName).ToListAsync(cancellationToken).ConfigureAwait(false)).Select(ToRecord).ToList();
    }

    public async Task<bool> AnyWithRoleAsync(string role, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var candidates = await db.People.AsNoTracking().Where(p => p.DeletedAt == null && p.Roles.Contains(role)).Select(p => p.Roles).ToListAsync(cancellationToken).ConfigureAwait(false);
        return candidates.Any(roles => roles.Split(',').Contains(role, StringComparer.Ordinal));
    }

    public Task AddAsync(Person person, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken) =>
        writer.WriteAsync((db, _) =>
        {
            db.People.Add(ToEntity(person, new PersonEntity()));
            return Task.CompletedTask;
        }, audit, cancellationToken);

    public async Task<bool> UpdateAsync(Person person, string expectedConcurrencyStamp, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken)
    {
        var updated = true;
        try
        {
            await writer.WriteAsync(async (db, ct) =>
            {
                var row = await db.People.FirstOrDefaultAsync(p => p.Id == person.Id, ct).ConfigureAwait(false);
                if (row is null || row.ConcurrencyStamp != expectedConcurrencyStamp)
                {
                    throw new StaleWriteException();
                }

                ToEntity(person, row);
            }, audit, cancellationToken).ConfigureAwait(false);
        }
        catch (StaleWriteException)
        {
            updated = false;
        }

        return updated;
    }

    public async Task<IReadOnlyList<PersonCertificate>> ListCertificatesAsync(string personId, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var rows = await db.PersonCertificates.AsNoTracking().Where(c => c.PersonId == personId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.OrderBy(c => c.LinkedAt).Select(ToRecord).ToList();
    }

    public async Task<PersonCertificate?> FindCertificateAsync(string issuerId, string serialNumber, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var row = await db.PersonCertificates.AsNoTracking().FirstOrDefaultAsync(c => c.IssuerId == issuerId && c.SerialNumber == serialNumber, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToRecord(row);
    }

    public async Task<bool> AddCertificateAsync(PersonCertificate link, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken)
    {
        try
        {
            await writer.WriteAsync(async (db, ct) =>
            {
                if (await db.PersonCertificates.AnyAsync(c => c.IssuerId == link.IssuerId && c.SerialNumber == link.SerialNumber, ct).ConfigureAwait(false))
                {
                    throw new StaleWriteException();
                }

                db.PersonCertificates.Add(new PersonCertificateEntity
                {
                    IssuerId = link.IssuerId,
                    SerialNumber = link.SerialNumber,
                    PersonId = link.PersonId,
                    LinkedAt = link.LinkedAt.UtcDateTime,
                    LinkedBy = link.LinkedBy,
                });
            }, audit, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StaleWriteException)
        {
            return false;
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e, "PersonCertificates"))
        {
            // Linked by another instance between the check and the insert.
            return false;
        }
    }

    public async Task<bool> RemoveCertificateAsync(string issuerId, string serialNumber, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken)
    {
        try
        {
            await writer.WriteAsync(async (db, ct) =>
            {
                var row = await db.PersonCertificates.FirstOrDefaultAsync(c => c.IssuerId == issuerId && c.SerialNumber == serialNumber, ct).ConfigureAwait(false)
                    ?? throw new StaleWriteException();
                db.PersonCertificates.Remove(row);
            }, audit, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StaleWriteException)
        {
            return false;
        }
    }

    private static PersonCertificate ToRecord(PersonCertificateEntity e) =>
        new(e.PersonId, e.IssuerId, e.SerialNumber, StoredTime.Utc(e.LinkedAt), e.LinkedBy);

    private static PersonEntity ToEntity(Person p, PersonEntity e)
    {
        e.Id = p.Id;
        e.OrganizationId = p.OrganizationId;
        e.UserName = p.UserName;
        e.NormalizedUserName = p.NormalizedUserName;
        e.DisplayName = p.DisplayName;
        e.Roles = string.Join(',', p.Roles);
        e.PasswordHash = p.PasswordHash;
        e.SecurityStamp = p.SecurityStamp;
        e.ConcurrencyStamp = p.ConcurrencyStamp;
        e.LockoutEnd = p.LockoutEnd?.UtcDateTime;
        e.LockoutEnabled = p.LockoutEnabled;
        e.AccessFailedCount = p.AccessFailedCount;
        e.TwoFactorEnabled = p.TwoFactorEnabled;
        e.ProtectedAuthenticatorKey = p.ProtectedAuthenticatorKey;
        e.CreatedAt = p.CreatedAt.UtcDateTime;
        e.DeletedAt = p.DeletedAt?.UtcDateTime;
        return e;
    }

    private static Person ToRecord(PersonEntity e) => new()
    {
        Id = e.Id,
        OrganizationId = e.OrganizationId,
        UserName = e.UserName,
        NormalizedUserName = e.NormalizedUserName,
        DisplayName = e.DisplayName,
        Roles = e.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries),
        PasswordHash = e.PasswordHash,
        SecurityStamp = e.SecurityStamp,
        ConcurrencyStamp = e.ConcurrencyStamp,
        LockoutEnd = e.LockoutEnd is { } l ? StoredTime.Utc(l) : null,
        LockoutEnabled = e.LockoutEnabled,
        AccessFailedCount = e.AccessFailedCount,
        TwoFactorEnabled = e.TwoFactorEnabled,
        ProtectedAuthenticatorKey = e.ProtectedAuthenticatorKey,
        CreatedAt = StoredTime.Utc(e.CreatedAt),
        DeletedAt = e.DeletedAt is { } d ? StoredTime.Utc(d) : null,
    };

    /// <summary>The row changed since it was read: the writer rolls back this item and nothing is written.</summary>
    private sealed class StaleWriteException : Exception;
}
