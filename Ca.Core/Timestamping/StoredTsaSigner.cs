using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Core.Keys;
using Ca.Core.Revocation;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.X509;

namespace Ca.Core.Timestamping;

/// <summary>
/// The TSA's signing material kept in the service-key store: the newest active TSA key of the
/// configured CA whose certificate, and every CA above it, still stand; created on first use and
/// replaced (the old one deactivated in the same transaction) once its certificate nears expiry or is
/// revoked. With no usable key and no way to make one (its CA revoked), it throws rather than sign
/// with a revoked key. Tokens signed earlier stay verifiable: their certificate is embedded and was
/// valid at their genTime.
/// </summary>
public sealed class StoredTsaSigner : ITsaSigner, IDisposable
{
    private static readonly TimeSpan Backdate = TimeSpan.FromMinutes(1);
    private readonly ServiceKeyVault vault;
    private readonly AuthorityRegistry authorities;
    private readonly StoredStatusLookup statuses;
    private readonly PublicUrls urls;
    private readonly TimeProvider clock;
    private readonly TsaKeyOptions options;
    private readonly string caId;
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile Current? current;

    /// <summary>Creates the signer; nothing is loaded or created until the first token is asked for.</summary>
    public StoredTsaSigner(ServiceKeyVault vault, AuthorityRegistry authorities, StoredStatusLookup statuses, PublicUrls urls, TimeProvider clock, IOptions<TsaKeyOptions> options, IOptions<HierarchyOptions> hierarchy)
    {
        this.vault = vault;
        this.authorities = authorities;
        this.statuses = statuses;
        this.urls = urls;
        this.clock = clock;
        this.options = options.Value;
        caId = this.options.CaId ?? hierarchy.Value.DefaultIssuingCaId;
        if (this.options.RolloverDays < 0 || this.options.ValidityDays <= this.options.RolloverDays)
        {
            throw new InvalidOperationException("Pki:Tsa:ValidityDays must be greater than Pki:Tsa:RolloverDays (and both non-negative).");
        }
    }

    /// <summary>What is signed with now, until when, and the (issuer, serial) pairs whose revocation ends it.</summary>
    private sealed record Current(TsaSigningMaterial Material, DateTimeOffset RenewAfter, IReadOnlySet<(string CaId, string Serial)> DependsOn);

    /// <inheritdoc />
    public async Task<TsaSigningMaterial> GetSigningMaterialAsync(CancellationToken cancellationToken)
    {
        if (current is { } cached && clock.GetUtcNow() < cached.RenewAfter)
        {
            return cached.Material;
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = clock.GetUtcNow();
            if (current is { } again && now < again.RenewAfter)
            {
                return again.Material;
            }

            var loaded = await LoadAsync(now, cancellationToken).ConfigureAwait(false);
            current = loaded;
            return loaded.Material;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Called once a revocation is durable. When it hit the TSA's certificate or a CA above it, the key
    /// in use is dropped at once (no token is signed with it from here on) and a successor is created;
    /// returns true then. When no successor can be made the TSA stays without a key, and every request
    /// tries again, until one can.
    /// </summary>
    public async Task<bool> ReplaceIfRevokedAsync(string revokedBy, SerialNumber serial, CancellationToken cancellationToken)
    {
        var affected = current is { } inUse
            ? inUse.DependsOn.Contains((revokedBy, serial.Hex))
            : revokedBy == caId && (await vault.ListAsync(ServiceKeyPurpose.Tsa, caId, cancellationToken).ConfigureAwait(false)).Any(k => SerialOf(k) == serial);
        if (!affected)
        {
            return false;
        }

        current = null;
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Again under the lock: a load that began before the revocation committed may have just cached the old key.
            current = null;
            current = await LoadAsync(clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Releases the creation lock.</summary>
    public void Dispose() => gate.Dispose();

    private async Task<Current> LoadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var keys = await vault.ListAsync(ServiceKeyPurpose.Tsa, caId, cancellationToken).ConfigureAwait(false);
        ServiceKeyRecord? usable = null;
        var revoked = false;
        foreach (var key in keys.Where(k => now < RenewAfter(k)).OrderByDescending(k => k.CreatedAt))
        {
            if (await statuses.StandsAsync(key.CaId, SerialOf(key), cancellationToken).ConfigureAwait(false))
            {
                usable = key;
                break;
            }

            revoked = true;
        }

        usable ??= await CreateAsync(keys.OrderByDescending(k => k.CreatedAt).FirstOrDefault()?.Id, revoked ? "revoked" : "rollover", now, cancellationToken).ConfigureAwait(false);
        var chain = await authorities.ChainAsync(usable.CaId, cancellationToken).ConfigureAwait(false);
        var certificate = new X509Certificate(usable.CertificateDer);
        var dependsOn = new HashSet<(string, string)> { (usable.CaId, SerialOf(usable).Hex) };
        foreach (var authority in chain.Where(a => a.Record.ParentId is not null))
        {
            dependsOn.Add((authority.Record.ParentId!, SerialNumber.From(authority.Certificate.SerialNumber).Hex));
        }

        var material = new TsaSigningMaterial(vault.Load(usable), certificate, chain.Select(a => a.Certificate).ToList());
        return new Current(material, RenewAfter(usable), dependsOn);
    }

    private DateTimeOffset RenewAfter(ServiceKeyRecord key) => key.NotAfter - TimeSpan.FromDays(options.RolloverDays);

    private static SerialNumber SerialOf(ServiceKeyRecord key) => SerialNumber.From(new X509Certificate(key.CertificateDer).SerialNumber);

    private async Task<ServiceKeyRecord> CreateAsync(string? supersedes, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var issuer = await authorities.FindAsync(caId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The TSA's issuing CA '{caId}' does not exist.");
        if (issuer.Record.Status != AuthorityStatus.Active
            || StoredStatusLookup.FirstRevokedIssuer(await authorities.ListAsync(cancellationToken).ConfigureAwait(false), caId) is not null)
        {
            throw CaException.Conflict("issuer-not-active", $"The TSA's issuing CA '{caId}' (or a CA above it) is revoked or retired and cannot certify a new TSA key.");
        }

        var order = SubjectAttributeTypes.All.Select(t => t.ShortName).ToList();
        var subject = SubjectNames.Encode(SubjectNames.FromRequest(options.Subject).OrderBy(a => order.IndexOf(a.Type)).ToList());
        var notBefore = now.ToWholeSeconds() - Backdate;
        var validity = TimeSpan.FromDays(options.ValidityDays);
        var notAfter = notBefore + validity < issuer.NotAfter ? notBefore + validity : issuer.NotAfter;
        if (notAfter - TimeSpan.FromDays(options.RolloverDays) <= now)
        {
            throw CaException.Conflict("issuer-expiring", $"CA '{caId}' expires too soon to certify a TSA key for longer than the rollover period.");
        }

        var request = new ServiceKeyVault.Request(
            ServiceKeyPurpose.Tsa,
            issuer,
            SubjectNames.CommonName(SubjectNames.FromRequest(options.Subject)) ?? "TSA",
            "system:tsa",
            KeyAlgorithmNames.Parse(options.KeyAlgorithm),
            "tsa",
            publicKey => TsaCertificateBuilder.Build(issuer, subject, publicKey, notBefore, validity, urls, options.CertificatePolicyOids),
            supersedes,
            supersedes is null ? null : reason);
        return await vault.CreateAsync(request, CallerContext.System("tsa"), cancellationToken).ConfigureAwait(false);
    }
}
