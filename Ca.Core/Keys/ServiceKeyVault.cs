using System.Collections.Concurrent;
using Ca.Core.Audit;
using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ca.Core.Keys;

/// <summary>
/// Creates and loads the keys the service signs with besides CA keys (OCSP responders, the TSA,
/// agencies' e-seals). Creation generates the key with the role's provider (software or token),
/// issues the certificate from the given CA and stores the key's stored form and the certificate in
/// one transaction; loading opens once and caches.
/// </summary>
public sealed class ServiceKeyVault
{
    private readonly IServiceKeyStore store;
    private readonly KeyProviders keys;
    private readonly TimeProvider clock;
    private readonly ConcurrentDictionary<string, ISigningKey> loaded = new(StringComparer.Ordinal);

    /// <summary>Creates the vault over the configured key providers.</summary>
    public ServiceKeyVault(IServiceKeyStore store, KeyProviders keys, TimeProvider clock)
    {
        this.store = store;
        this.keys = keys;
        this.clock = clock;
    }

    /// <summary>Creates a vault whose keys are all software keys under <paramref name="protector"/>.</summary>
    public ServiceKeyVault(IServiceKeyStore store, IKeyProtector protector, TimeProvider clock)
        : this(store, KeyProviders.SoftwareOnly(protector), clock)
    {
    }

    /// <summary>What to create: who issues it, what it is, and how to build its certificate for a new public key.</summary>
    /// <param name="Purpose">The key's function.</param>
    /// <param name="Issuer">The CA issuing its certificate.</param>
    /// <param name="Name">Display name.</param>
    /// <param name="Owner">Owning account, or a system id.</param>
    /// <param name="Algorithm">Key algorithm.</param>
    /// <param name="Profile">Profile name recorded with the certificate.</param>
    /// <param name="BuildCertificate">Builds the certificate for the new public key.</param>
    /// <param name="Supersedes">An older key of the same function that this one replaces.</param>
    /// <param name="Reason">Why it is created (<c>rollover</c>, <c>revoked</c>), recorded in the audit trail.</param>
    public sealed record Request(
        ServiceKeyPurpose Purpose,
        CertificateAuthority Issuer,
        string Name,
        string Owner,
        KeyAlgorithm Algorithm,
        string Profile,
        Func<SubjectPublicKeyInfo, X509Certificate> BuildCertificate,
        string? Supersedes = null,
        string? Reason = null);

    /// <summary>Generates the key, issues and stores its certificate, and returns the stored record.</summary>
    public async Task<ServiceKeyRecord> CreateAsync(Request request, CallerContext caller, CancellationToken cancellationToken)
    {
        var id = $"{request.Purpose.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}";
        var generated = keys.Generate(KeyRoles.For(request.Purpose), id, request.Algorithm);
        var key = generated.Key;
        var certificate = request.BuildCertificate(key.PublicKeyInfo);
        var protectedKey = generated.StoredForm;
        var now = clock.GetUtcNow();
        var notAfter = new DateTimeOffset(DateTime.SpecifyKind(certificate.NotAfter, DateTimeKind.Utc));
        var record = new ServiceKeyRecord(id, request.Purpose, request.Issuer.Id, request.Name, request.Owner, certificate.GetEncoded(), protectedKey, request.Algorithm, now, notAfter, Active: true);
        var serial = SerialNumber.From(certificate.SerialNumber).Hex;
        var issued = new IssuedCertificateRecord
        {
            IssuerId = request.Issuer.Id,
            SerialNumber = serial,
            Subject = certificate.SubjectDN.ToString(),
            Sans = [],
            Profile = request.Profile,
            NotBefore = new DateTimeOffset(DateTime.SpecifyKind(certificate.NotBefore, DateTimeKind.Utc)),
            NotAfter = notAfter,
            Der = certificate.GetEncoded(),
            Status = CertificateStatus.Valid,
            Owner = request.Owner,
            IssuedAt = now,
        };
        var audit = AuditEvent.Succeeded(now, AuditActions.KeyCreated, id, caller, new { purpose = request.Purpose.ToString(), caId = request.Issuer.Id, serial, supersedes = request.Supersedes, reason = request.Reason, key = key.Reference.ToString() });
        await store.AddAsync(record, issued, request.Supersedes, audit, cancellationToken).ConfigureAwait(false);
        loaded[id] = key;
        return record;
    }

    /// <summary>
    /// The key of a stored record, opened once and cached. A key on a token this service cannot reach
    /// is <see cref="KeyUnavailableException"/>: service keys are never meant to be offline.
    /// </summary>
    public ISigningKey Load(ServiceKeyRecord record) =>
        loaded.GetOrAdd(record.Id, _ => keys.Open(record.Id, record.ProtectedKey)
            ?? throw new KeyUnavailableException($"The key of {record.Id} is on a token this service is not configured for ({keys.Describe(record.Id, record.ProtectedKey)})."));

    /// <summary>Signs a test digest with every active service key (OCSP responders, TSA, e-seals): the health check.</summary>
    public async Task<IReadOnlyList<KeyProbe>> ProbeKeysAsync(CancellationToken cancellationToken)
    {
        var probes = new List<KeyProbe>();
        foreach (var purpose in Enum.GetValues<ServiceKeyPurpose>())
        {
            foreach (var record in await store.ListAsync(purpose, null, includeInactive: false, cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    probes.Add(KeyProbe.Of(record.Id, Load(record)));
                }
                catch (Exception e) when (e is KeyUnavailableException or System.Security.Cryptography.CryptographicException or NotSupportedException or FormatException)
                {
                    probes.Add(KeyProbe.Unopenable(record.Id, keys.Describe(record.Id, record.ProtectedKey).ToString(), e));
                }
            }
        }

        return probes;
    }

    /// <summary>Active keys of a purpose.</summary>
    public Task<IReadOnlyList<ServiceKeyRecord>> ListAsync(ServiceKeyPurpose purpose, string? caId, CancellationToken cancellationToken) =>
        store.ListAsync(purpose, caId, includeInactive: false, cancellationToken);

    /// <summary>One key by id.</summary>
    public Task<ServiceKeyRecord?> FindAsync(string id, CancellationToken cancellationToken) => store.FindAsync(id, cancellationToken);
}
