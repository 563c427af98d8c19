using System.Collections.Concurrent;
using Ca.Core.Keys;

namespace Ca.Core.Authorities;

/// <summary>
/// Loads CAs from the store and opens their keys once (decrypts software keys, finds token keys by
/// their stored URI), then serves them from memory. The key material stays inside this object graph;
/// callers get a <see cref="CertificateAuthority"/> whose key is internal to Core. A key held on a
/// token this service cannot reach (the offline root) opens as <see cref="OfflineSigningKey"/>.
/// </summary>
public sealed class AuthorityRegistry
{
    private readonly IAuthorityStore store;
    private readonly KeyProviders keys;
    private readonly ConcurrentDictionary<string, CertificateAuthority> loaded = new(StringComparer.Ordinal);

    /// <summary>Creates the registry over the configured key providers.</summary>
    public AuthorityRegistry(IAuthorityStore store, KeyProviders keys)
    {
        this.store = store;
        this.keys = keys;
    }

    /// <summary>Creates a registry whose keys are all software keys under <paramref name="keyProtector"/>.</summary>
    public AuthorityRegistry(IAuthorityStore store, IKeyProtector keyProtector)
        : this(store, KeyProviders.SoftwareOnly(keyProtector))
    {
    }

    /// <summary>The CA with this id, ready to sign, or null when there is none.</summary>
    public async Task<CertificateAuthority?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (loaded.TryGetValue(id, out var authority))
        {
            return authority;
        }

        var record = await store.FindAsync(id, cancellationToken).ConfigureAwait(false);
        return record is null ? null : loaded.GetOrAdd(id, _ => Load(record));
    }

    /// <summary>The CA and its ancestors, issuing CA first and root last.</summary>
    public async Task<IReadOnlyList<CertificateAuthority>> ChainAsync(string id, CancellationToken cancellationToken)
    {
        var chain = new List<CertificateAuthority>();
        string? next = id;
        while (next is not null && chain.Count < 8)
        {
            var authority = await FindAsync(next, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"CA '{next}' is referenced as a parent but does not exist.");
            chain.Add(authority);
            next = authority.Record.ParentId;
        }

        return chain;
    }

    /// <summary>All CAs as stored (no keys are decrypted).</summary>
    public Task<IReadOnlyList<AuthorityRecord>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    /// <summary>
    /// True when this service holds the CA's key (software, or on its token), without touching the token;
    /// false for a key kept offline (the root after a key ceremony).
    /// </summary>
    public bool HoldsKey(AuthorityRecord record) => keys.Holds(record.ProtectedKey);

    /// <summary>Where the CA's key lives (never the key).</summary>
    public KeyReference KeyReferenceOf(AuthorityRecord record) => keys.Describe(record.Id, record.ProtectedKey);

    /// <summary>Drops a cached CA so its next use reloads status and certificate from the store.</summary>
    public void Invalidate(string id) => loaded.TryRemove(id, out _);

    /// <summary>
    /// Decrypts every CA key once; used by the health check to prove the KEK matches the data.
    /// Returns the ids that failed.
    /// </summary>
    public async Task<IReadOnlyList<string>> VerifyKeysLoadableAsync(CancellationToken cancellationToken)
    {
        var failed = new List<string>();
        foreach (var record in await store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                loaded.GetOrAdd(record.Id, _ => Load(record));
            }
            catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or NotSupportedException or ArgumentException)
            {
                failed.Add(record.Id);
            }
        }

        return failed;
    }

    /// <summary>Signs a test digest with every CA key (offline ones are reported as such): the health check.</summary>
    public async Task<IReadOnlyList<KeyProbe>> ProbeKeysAsync(CancellationToken cancellationToken)
    {
        var probes = new List<KeyProbe>();
        foreach (var record in await store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                probes.Add(KeyProbe.Of(record.Id, loaded.GetOrAdd(record.Id, _ => Load(record)).Key));
            }
            catch (Exception e) when (e is KeyUnavailableException or System.Security.Cryptography.CryptographicException or NotSupportedException or FormatException)
            {
                probes.Add(KeyProbe.Unopenable(record.Id, keys.Describe(record.Id, record.ProtectedKey).ToString(), e));
            }
        }

        return probes;
    }

    /// <summary>Serves an already opened CA (a key ceremony's root) without opening its key again.</summary>
    internal void Preload(CertificateAuthority authority) => loaded[authority.Id] = authority;

    internal CertificateAuthority Load(AuthorityRecord record)
    {
        var key = keys.Open(record.Id, record.ProtectedKey)
            ?? new OfflineSigningKey(record.Id, record.KeyAlgorithm, new Org.BouncyCastle.X509.X509Certificate(record.CertificateDer).CertificateStructure.SubjectPublicKeyInfo, keys.Describe(record.Id, record.ProtectedKey));
        return new CertificateAuthority(record, key);
    }
}
