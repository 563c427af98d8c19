using Ca.Core.Audit;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Core.Keys;
using Ca.Core.Profiles;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ca.Core.Authorities;

/// <summary>
/// Creates the configured CA hierarchy on first start and leaves an existing one untouched, so a
/// restart on the same database reuses the same roots and keys.
/// </summary>
public sealed class AuthorityBootstrapper
{
    private readonly IAuthorityStore store;
    private readonly AuthorityRegistry registry;
    private readonly KeyProviders keys;
    private readonly HierarchyOptions options;
    private readonly PublicUrls urls;
    private readonly TimeProvider clock;
    private readonly ILogger<AuthorityBootstrapper> logger;

    /// <summary>Creates the bootstrapper.</summary>
    public AuthorityBootstrapper(
        IAuthorityStore store,
        AuthorityRegistry registry,
        KeyProviders keys,
        IOptions<HierarchyOptions> options,
        PublicUrls urls,
        TimeProvider clock,
        ILogger<AuthorityBootstrapper> logger)
    {
        this.store = store;
        this.registry = registry;
        this.keys = keys;
        this.options = options.Value;
        this.urls = urls;
        this.clock = clock;
        this.logger = logger;
    }

    /// <summary>The issuing CAs configured, with the default one when none is.</summary>
    public IReadOnlyList<AuthorityOptions> ConfiguredIssuingCas() =>
        options.IssuingCas.Count == 0
            ? [HierarchyOptions.DefaultIssuing()]
            : options.IssuingCas.Select(kv => { kv.Value.Id = kv.Key; return kv.Value; }).ToList();

    /// <summary>Creates whatever part of the configured hierarchy does not exist yet.</summary>
    public async Task EnsureHierarchyAsync(CancellationToken cancellationToken)
    {
        var caller = CallerContext.System("bootstrap");
        CertificateAuthority? root = null;
        if (await store.FindAsync(options.Root.Id, cancellationToken).ConfigureAwait(false) is null)
        {
            root = await CreateRootAsync(options.Root, caller, cancellationToken).ConfigureAwait(false);
        }

        foreach (var issuing in ConfiguredIssuingCas())
        {
            if (await store.FindAsync(issuing.Id, cancellationToken).ConfigureAwait(false) is null)
            {
                // Only now is the root's key needed (and decrypted).
                root ??= await registry.FindAsync(options.Root.Id, cancellationToken).ConfigureAwait(false);
                await CreateSubordinateAsync(root!, issuing, caller, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<CertificateAuthority> CreateRootAsync(AuthorityOptions settings, CallerContext caller, CancellationToken cancellationToken)
    {
        var algorithm = KeyAlgorithmNames.Parse(settings.KeyAlgorithm);
        using var key = keys.Generate(KeyRole.Ca, settings.Id, algorithm);
        var subject = AuthorityNames.Subject(settings);
        var now = Now();
        var certificate = AuthorityCertificateBuilder.BuildRoot(subject, key.Key, now, now.AddYears(settings.ValidityYears));
        var record = await StoreAsync(settings, parentId: null, certificate.GetEncoded(), key, caller, cancellationToken).ConfigureAwait(false);
        logger.LogWarning("Created root CA {CaId} ({Subject}, {Algorithm}, valid until {NotAfter:O}), key {KeyReference}", record.Id, certificate.SubjectDN, algorithm.ToName(), certificate.NotAfter, key.Key.Reference);
        return registry.Load(record);
    }

    private async Task CreateSubordinateAsync(CertificateAuthority parent, AuthorityOptions settings, CallerContext caller, CancellationToken cancellationToken)
    {
        var algorithm = KeyAlgorithmNames.Parse(settings.KeyAlgorithm);
        using var key = keys.Generate(KeyRole.Ca, settings.Id, algorithm);
        var now = Now();
        var certificate = AuthorityCertificateBuilder.BuildSubordinate(
            parent, AuthorityNames.Subject(settings), key.Key.PublicKeyInfo, settings.PathLength, now, now.AddYears(settings.ValidityYears), urls);
        var record = await StoreAsync(settings, parent.Id, certificate.GetEncoded(), key, caller, cancellationToken).ConfigureAwait(false);
        logger.LogWarning("Created issuing CA {CaId} ({Subject}, {Algorithm}) under {ParentId}, valid until {NotAfter:O}, key {KeyReference}", record.Id, certificate.SubjectDN, algorithm.ToName(), parent.Id, certificate.NotAfter, key.Key.Reference);
    }

    private async Task<AuthorityRecord> StoreAsync(AuthorityOptions settings, string? parentId, byte[] certificate, ProvidedKey key, CallerContext caller, CancellationToken cancellationToken)
    {
        var name = settings.Subject.TryGetValue("CN", out var cn) ? cn : settings.Id;
        var record = new AuthorityRecord(settings.Id, name, parentId, certificate, key.StoredForm, key.Key.Algorithm, AuthorityStatus.Active, Now());
        var audit = AuditEvent.Succeeded(Now(), AuditActions.AuthorityCreated, settings.Id, caller, new { parent = parentId, algorithm = key.Key.Algorithm.ToName(), key = key.Key.Reference.ToString() });
        await store.AddAsync(record, audit, cancellationToken).ConfigureAwait(false);
        return record;
    }

    private DateTimeOffset Now()
    {
        var now = clock.GetUtcNow();
        return now.ToWholeSeconds();
    }
}
