using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ca.Core.Audit;
using Ca.Core.Common;
using Ca.Core.Keys;
using Ca.Core.Revocation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.X509;

namespace Ca.Core.Authorities;

/// <summary>
/// The offline part of the CA's life, run with the service stopped and the root's token present:
/// create the root key on that token and self-sign, create the issuing CAs' keys where the service
/// keeps CA keys (its own token) and sign their certificates, sign the root's CRL (ARL) for a stated
/// period, or import a hierarchy whose keys are already on tokens. Every ceremony ends with a record
/// (who, when, what, fingerprints) signed by the root and appended to the audit log. Afterwards the
/// online service holds only the issuing CAs' keys; the root is <see cref="OfflineSigningKey"/> there.
/// </summary>
public sealed class KeyCeremony
{
    private readonly IAuthorityStore store;
    private readonly IRevocationStore revocations;
    private readonly IAuditLog audit;
    private readonly KeyProviders online;
    private readonly SoftwareKeyProvider software;
    private readonly HierarchyOptions hierarchy;
    private readonly PublicUrls urls;
    private readonly TimeProvider clock;
    private readonly CrlOptions crlOptions;
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    /// <summary>Creates the ceremony over the service's stores and key providers.</summary>
    public KeyCeremony(IAuthorityStore store, IRevocationStore revocations, IAuditLog audit, KeyProviders online, SoftwareKeyProvider software, IOptions<HierarchyOptions> hierarchy, PublicUrls urls, TimeProvider clock, IOptions<CrlOptions> crlOptions)
    {
        this.store = store;
        this.revocations = revocations;
        this.audit = audit;
        this.online = online;
        this.software = software;
        this.hierarchy = hierarchy.Value;
        this.urls = urls;
        this.clock = clock;
        this.crlOptions = crlOptions.Value;
    }

    /// <summary>Who holds the ceremony and how long the root's CRL it signs must last.</summary>
    /// <param name="Operators">The people performing it (at least one).</param>
    /// <param name="Witnesses">The people witnessing it.</param>
    /// <param name="ArlValidity">nextUpdate of the root's CRL minus thisUpdate: until the next ceremony.</param>
    public sealed record Participants(IReadOnlyList<string> Operators, IReadOnlyList<string> Witnesses, TimeSpan ArlValidity);

    /// <summary>
    /// Creates the configured hierarchy: the root key with <paramref name="rootKeys"/> (the root's own
    /// token), the issuing CAs' keys with the service's CA key provider; signs the root's CRL.
    /// Refuses when the root already exists.
    /// </summary>
    public async Task<CeremonyRecord> CreateHierarchyAsync(Participants who, IKeyProvider rootKeys, CancellationToken cancellationToken)
    {
        Validate(who);
        if (await store.FindAsync(hierarchy.Root.Id, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw CaException.Conflict("root-exists", $"The root CA '{hierarchy.Root.Id}' already exists; a new hierarchy needs an empty database.");
        }

        var caller = Caller(who);
        var now = clock.GetUtcNow().ToWholeSeconds();
        using var rootKey = rootKeys.Generate(hierarchy.Root.Id, KeyAlgorithmNames.Parse(hierarchy.Root.KeyAlgorithm));
        var rootCertificate = AuthorityCertificateBuilder.BuildRoot(AuthorityNames.Subject(hierarchy.Root), rootKey.Key, now, now.AddYears(hierarchy.Root.ValidityYears));
        var rootRecord = await AddAsync(hierarchy.Root, null, rootCertificate, rootKey, caller, "created", cancellationToken).ConfigureAwait(false);
        var root = new CertificateAuthority(rootRecord, rootKey.Key);

        var created = new List<(AuthorityRecord Record, KeyReference Key)> { (rootRecord, rootKey.Key.Reference) };
        foreach (var settings in IssuingCas())
        {
            using var key = online.Generate(KeyRole.Ca, settings.Id, KeyAlgorithmNames.Parse(settings.KeyAlgorithm));
            var certificate = AuthorityCertificateBuilder.BuildSubordinate(
                root, AuthorityNames.Subject(settings), key.Key.PublicKeyInfo, settings.PathLength, now, now.AddYears(settings.ValidityYears), urls);
            created.Add((await AddAsync(settings, root.Id, certificate, key, caller, "created", cancellationToken).ConfigureAwait(false), key.Key.Reference));
        }

        var arl = await PublishArlAsync(root, who.ArlValidity, caller, cancellationToken).ConfigureAwait(false);
        return await RecordAsync("create-hierarchy", who, root, created, arl, caller, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Signs a new CRL of the (offline) root for the stated period: before the last one's nextUpdate.</summary>
    public async Task<CeremonyRecord> SignRootCrlAsync(Participants who, IKeyProvider rootKeys, CancellationToken cancellationToken)
    {
        Validate(who);
        var root = await OpenRootAsync(rootKeys, cancellationToken).ConfigureAwait(false);
        var caller = Caller(who);
        var arl = await PublishArlAsync(root, who.ArlValidity, caller, cancellationToken).ConfigureAwait(false);
        return await RecordAsync("sign-root-crl", who, root, [], arl, caller, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Brings a hierarchy made elsewhere: the CA certificates (root first, each CA's id with it) whose
    /// keys are already on tokens, found by label (the CA id): the root's on <paramref name="rootKeys"/>,
    /// the others on the service's token. Each key must be the one its certificate certifies.
    /// </summary>
    public async Task<CeremonyRecord> ImportAsync(Participants who, IReadOnlyList<(string Id, X509Certificate Certificate)> certificates, Keys.Pkcs11.Pkcs11KeyProvider rootKeys, Keys.Pkcs11.Pkcs11KeyProvider onlineKeys, CancellationToken cancellationToken)
    {
        Validate(who);
        var roots = certificates.Where(c => c.Certificate.IssuerDN.Equivalent(c.Certificate.SubjectDN)).ToList();
        if (roots.Count != 1)
        {
            throw CaException.BadRequest("one-root", "Import exactly one self-signed root certificate with its issuing CAs.");
        }

        var caller = Caller(who);
        var (rootId, rootCertificate) = roots[0];
        using var rootKey = FindMatching(rootKeys, rootId, rootCertificate);
        var rootRecord = await AddAsync(new AuthorityOptions { Id = rootId }, null, rootCertificate, rootKey, caller, "imported", cancellationToken).ConfigureAwait(false);
        var root = new CertificateAuthority(rootRecord, rootKey.Key);
        var imported = new List<(AuthorityRecord, KeyReference)> { (rootRecord, rootKey.Key.Reference) };
        foreach (var (id, certificate) in certificates.Where(c => c.Id != rootId))
        {
            if (!certificate.IssuerDN.Equivalent(rootCertificate.SubjectDN))
            {
                throw CaException.BadRequest("not-under-root", $"'{id}' is not issued by the imported root.");
            }

            certificate.Verify(rootCertificate.GetPublicKey());
            using var key = FindMatching(onlineKeys, id, certificate);
            imported.Add((await AddAsync(new AuthorityOptions { Id = id }, rootId, certificate, key, caller, "imported", cancellationToken).ConfigureAwait(false), key.Key.Reference));
        }

        var arl = await PublishArlAsync(root, who.ArlValidity, caller, cancellationToken).ConfigureAwait(false);
        return await RecordAsync("import-hierarchy", who, root, imported, arl, caller, cancellationToken).ConfigureAwait(false);
    }

    private IEnumerable<AuthorityOptions> IssuingCas() =>
        hierarchy.IssuingCas.Count == 0
            ? [HierarchyOptions.DefaultIssuing()]
            : hierarchy.IssuingCas.Select(kv => { kv.Value.Id = kv.Key; return kv.Value; });

    private async Task<CertificateAuthority> OpenRootAsync(IKeyProvider rootKeys, CancellationToken cancellationToken)
    {
        var record = await store.FindAsync(hierarchy.Root.Id, cancellationToken).ConfigureAwait(false)
            ?? throw CaException.NotFound("ca-not-found", $"There is no root CA '{hierarchy.Root.Id}'.");
        var key = (rootKeys.Recognises(record.ProtectedKey) ? rootKeys.Open(record.Id, record.ProtectedKey) : software.Open(record.Id, record.ProtectedKey))
            ?? throw CaException.Conflict("root-token-absent", $"The root key ({rootKeys.Describe(record.Id, record.ProtectedKey)}) is not on the token given to this ceremony.");
        return new CertificateAuthority(record, key);
    }

    private static ProvidedKey FindMatching(Keys.Pkcs11.Pkcs11KeyProvider keys, string label, X509Certificate certificate)
    {
        var key = keys.FindByLabel(label)
            ?? throw CaException.NotFound("key-not-on-token", $"No private key labelled '{label}' is on token '{keys.TokenLabel}'.");
        if (!key.Key.PublicKeyInfo.Equals(certificate.CertificateStructure.SubjectPublicKeyInfo))
        {
            throw CaException.Conflict("key-mismatch", $"The key labelled '{label}' on token '{keys.TokenLabel}' is not the key certified by the certificate given for '{label}'.");
        }

        return key;
    }

    private async Task<AuthorityRecord> AddAsync(AuthorityOptions settings, string? parentId, X509Certificate certificate, ProvidedKey key, CallerContext caller, string how, CancellationToken cancellationToken)
    {
        var name = settings.Subject.TryGetValue("CN", out var cn) ? cn : AuthorityNames.CommonName(certificate) ?? settings.Id;
        var record = new AuthorityRecord(settings.Id, name, parentId, certificate.GetEncoded(), key.StoredForm, key.Key.Algorithm, AuthorityStatus.Active, clock.GetUtcNow());
        var created = AuditEvent.Succeeded(clock.GetUtcNow(), AuditActions.AuthorityCreated, settings.Id, caller, new { parent = parentId, algorithm = key.Key.Algorithm.ToName(), key = key.Key.Reference.ToString(), how, ceremony = true });
        await store.AddAsync(record, created, cancellationToken).ConfigureAwait(false);
        return record;
    }

    private async Task<StoredCrl> PublishArlAsync(CertificateAuthority root, TimeSpan validity, CallerContext caller, CancellationToken cancellationToken)
    {
        // A publisher of its own over a registry that can open the root: the service's cannot.
        var registry = new SingleAuthorityRegistry(store, root);
        var publisher = new CrlPublisher(revocations, registry.Registry, urls, clock, Options.Create(crlOptions), NullLogger<CrlPublisher>.Instance);
        return await publisher.PublishForOfflineCaAsync(root.Id, validity, caller, cancellationToken).ConfigureAwait(false);
    }

    private async Task<CeremonyRecord> RecordAsync(string kind, Participants who, CertificateAuthority root, IReadOnlyList<(AuthorityRecord Record, KeyReference Key)> authorities, StoredCrl arl, CallerContext caller, CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow();
        var record = new CeremonyRecord(
            kind,
            at,
            who.Operators,
            who.Witnesses,
            authorities.Select(a => new CeremonyRecord.Authority(a.Record.Id, a.Record.ParentId, new X509Certificate(a.Record.CertificateDer).SubjectDN.ToString(), Fingerprint(a.Record.CertificateDer), a.Key.ToString())).ToList(),
            new CeremonyRecord.RevocationList(root.Id, arl.Number, arl.ThisUpdate, arl.NextUpdate, Fingerprint(arl.Der)),
            root.Id,
            Fingerprint(root.Record.CertificateDer));
        var bytes = JsonSerializer.SerializeToUtf8Bytes(record, JsonOptions);
        var calculator = root.Key.SignatureFactory.CreateCalculator();
        calculator.Stream.Write(bytes);
        var signature = calculator.GetResult().Collect();
        var details = JsonSerializer.Serialize(new SignedCeremony(Convert.ToBase64String(bytes), Convert.ToBase64String(signature), root.Id, Convert.ToBase64String(root.Key.SignatureAlgorithm.GetEncoded())), JsonOptions);
        await audit.AppendAsync([new AuditEvent(AuditActions.KeyCeremony, root.Id, caller.ActorId, "success", at, null, details)], cancellationToken).ConfigureAwait(false);
        return record;
    }

    private static void Validate(Participants who)
    {
        if (who.Operators.Count == 0 || who.Operators.Any(string.IsNullOrWhiteSpace))
        {
            throw CaException.BadRequest("operator-required", "Name at least one operator (--operator).", "operator");
        }

        if (who.ArlValidity <= TimeSpan.Zero)
        {
            throw CaException.BadRequest("arl-validity", "The root's CRL must be valid for a positive period (--arl-days).", "arl-days");
        }
    }

    private static CallerContext Caller(Participants who) =>
        new($"ceremony:{string.Join("+", who.Operators)}", new HashSet<string>(StringComparer.Ordinal) { Roles.Admin });

    /// <summary>SHA-256 of the DER, upper-case hex with colons, as openssl x509 -fingerprint -sha256 prints it.</summary>
    public static string Fingerprint(byte[] der) => string.Join(':', SHA256.HashData(der).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>What the audit record's details hold: the record's exact bytes, the root's signature over them, and who signed.</summary>
    /// <param name="Record">Base64 of the UTF-8 JSON record.</param>
    /// <param name="Signature">Base64 of the signature value (DER for ECDSA).</param>
    /// <param name="SignedBy">The root CA id.</param>
    /// <param name="Algorithm">Base64 of the DER AlgorithmIdentifier of the signature.</param>
    public sealed record SignedCeremony(string Record, string Signature, string SignedBy, string Algorithm);

    /// <summary>An authority registry holding one already opened CA (the root during its ceremony).</summary>
    private sealed class SingleAuthorityRegistry
    {
        public SingleAuthorityRegistry(IAuthorityStore store, CertificateAuthority root)
        {
            Registry = new AuthorityRegistry(store, KeyProviders.SoftwareOnly(new NoKeys()));
            Registry.Preload(root);
        }

        public AuthorityRegistry Registry { get; }

        private sealed class NoKeys : IKeyProtector
        {
            public byte[] Protect(ReadOnlySpan<byte> plaintext, string ownerId) => throw new InvalidOperationException("No keys are created here.");

            public byte[] Unprotect(ReadOnlySpan<byte> protectedData, string ownerId) => throw new InvalidOperationException("Only the root's key is open in a ceremony.");
        }
    }
}

/// <summary>What a key ceremony did, as signed by the root and kept in the audit log.</summary>
/// <param name="Kind"><c>create-hierarchy</c>, <c>sign-root-crl</c> or <c>import-hierarchy</c>.</param>
/// <param name="At">When.</param>
/// <param name="Operators">Who performed it.</param>
/// <param name="Witnesses">Who witnessed it.</param>
/// <param name="Authorities">The CAs created or imported, with SHA-256 fingerprints and where each key is.</param>
/// <param name="Crl">The root's CRL signed in it.</param>
/// <param name="RootId">The root that signed this record.</param>
/// <param name="RootFingerprint">Its certificate's SHA-256 fingerprint.</param>
public sealed record CeremonyRecord(
    string Kind,
    DateTimeOffset At,
    IReadOnlyList<string> Operators,
    IReadOnlyList<string> Witnesses,
    IReadOnlyList<CeremonyRecord.Authority> Authorities,
    CeremonyRecord.RevocationList Crl,
    string RootId,
    string RootFingerprint)
{
    /// <summary>One CA of the ceremony.</summary>
    public sealed record Authority(string Id, string? ParentId, string Subject, string Sha256Fingerprint, string Key);

    /// <summary>The root's CRL (ARL) signed in the ceremony.</summary>
    public sealed record RevocationList(string CaId, long Number, DateTimeOffset ThisUpdate, DateTimeOffset NextUpdate, string Sha256Fingerprint);
}
