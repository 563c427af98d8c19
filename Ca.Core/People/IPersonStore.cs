using Ca.Core.Audit;

namespace Ca.Core.People;

/// <summary>Persistence port for people; every write carries its audit events and commits with them.</summary>
public interface IPersonStore
{
    /// <summary>A person by id (removed ones included).</summary>
    Task<Person?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>A person by normalized user name (removed ones excluded).</summary>
    Task<Person?> FindByNormalizedUserNameAsync(string normalizedUserName, CancellationToken cancellationToken);

    /// <summary>The live people of an organization, or of all organizations when null.</summary>
    Task<IReadOnlyList<Person>> ListAsync(string? organizationId, CancellationToken cancellationToken);

    /// <summary>True when a live person holds the role.</summary>
    Task<bool> AnyWithRoleAsync(string role, CancellationToken cancellationToken);

    /// <summary>Adds a new person.</summary>
    Task AddAsync(Person person, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a stored person if its concurrency stamp is still <paramref name="expectedConcurrencyStamp"/>;
    /// false (and nothing written) when someone changed it meanwhile.
    /// </summary>
    Task<bool> UpdateAsync(Person person, string expectedConcurrencyStamp, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken);

    /// <summary>The certificates that sign a person in, oldest link first.</summary>
    Task<IReadOnlyList<PersonCertificate>> ListCertificatesAsync(string personId, CancellationToken cancellationToken);

    /// <summary>The person link of a certificate, if any.</summary>
    Task<PersonCertificate?> FindCertificateAsync(string issuerId, string serialNumber, CancellationToken cancellationToken);

    /// <summary>Links a certificate; false (and nothing written) when it is already linked to someone.</summary>
    Task<bool> AddCertificateAsync(PersonCertificate link, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken);

    /// <summary>Removes a certificate's link; false (and nothing written) when there was none.</summary>
    Task<bool> RemoveCertificateAsync(string issuerId, string serialNumber, IReadOnlyList<AuditEvent> audit, CancellationToken cancellationToken);
}
