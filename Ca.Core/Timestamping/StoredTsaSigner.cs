using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Core.Keys;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.X509;

namespace Ca.Core.Timestamping;

/// <summary>
/// The TSA's signing material kept in the service-key store: the newest active TSA key of the
/// configured CA, created on first use and replaced (the old one deactivated in the same transaction)
/// once its certificate nears expiry. Tokens signed earlier stay verifiable: their certificate is
/// embedded and was valid at their genTime.
/// </summary>
public sealed class StoredTsaSigner : ITsaSigner, IDisposable
{
    private static readonly TimeSpan Backdate = TimeSpan.FromMinutes(1);
    private readonly ServiceKeyVault vault;
    private readonly AuthorityRegistry authorities;
    private readonly PublicUrls urls;
    private readonly TimeProvider clock;
    private readonly TsaKeyOptions options;
    private readonly string caId;
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile Current? current;

    /// <summary>Creates the signer; nothing is loaded or created until the first token is asked for.</summary>
    public StoredTsaSigner(ServiceKeyVault vault, AuthorityRegistry authorities, PublicUrls urls, TimeProvider clock, IOptions<TsaKeyOptions> options, IOptions<HierarchyOptions> hierarchy)
    {
        this.vault = vault;
        this.authorities = authorities;
        this.urls = urls;
        this.clock = clock;
        this.options = options.Value;
        caId = this.options.CaId ?? hierarchy.Value.DefaultIssuingCaId;
        if (this.options.RolloverDays < 0 || this.options.ValidityDays <= this.options.RolloverDays)
        {
            throw new InvalidOperationException("Pki:Tsa:ValidityDays must be greater than Pki:Tsa:RolloverDays (and both non-negative).");
        }
    }

    private sealed record Current(TsaSigningMaterial Material, DateTimeOffset RenewAfter);

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

            var keys = await vault.ListAsync(ServiceKeyPurpose.Tsa, caId, cancellationToken).ConfigureAwait(false);
            var usable = keys.Where(k => now < RenewAfter(k)).OrderByDescending(k => k.CreatedAt).FirstOrDefault()
                ?? await CreateAsync(keys.OrderByDescending(k => k.CreatedAt).FirstOrDefault()?.Id, now, cancellationToken).ConfigureAwait(false);
            var chain = (await authorities.ChainAsync(usable.CaId, cancellationToken).ConfigureAwait(false)).Select(a => a.Certificate).ToList();
            var material = new TsaSigningMaterial(vault.Load(usable), new X509Certificate(usable.CertificateDer), chain);
            current = new Current(material, RenewAfter(usable));
            return material;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Releases the creation lock.</summary>
    public void Dispose() => gate.Dispose();

    private DateTimeOffset RenewAfter(ServiceKeyRecord key) => key.NotAfter - TimeSpan.FromDays(options.RolloverDays);

    private async Task<ServiceKeyRecord> CreateAsync(string? supersedes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var issuer = await authorities.FindAsync(caId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The TSA's issuing CA '{caId}' does not exist.");
        if (issuer.Record.Status != AuthorityStatus.Active)
        {
            throw CaException.Conflict("issuer-not-active", $"The TSA's issuing CA '{caId}' is {issuer.Record.Status} and cannot certify a new TSA key.");
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
            supersedes);
        return await vault.CreateAsync(request, CallerContext.System("tsa"), cancellationToken).ConfigureAwait(false);
    }
}
