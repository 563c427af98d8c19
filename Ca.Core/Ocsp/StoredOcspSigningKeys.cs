using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Keys;
using Ca.Core.Revocation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.X509;

namespace Ca.Core.Ocsp;

/// <summary>
/// The delegated responder of every CA, from the service key store: created on first need and
/// replaced automatically once a third of its certificate's life remains (RFC 6960 4.2.2.2) or at once
/// when its certificate is revoked. While a CA has no usable responder (revoked, and no successor could
/// be made) the CA signs its own responses, which RFC 6960 allows and every client accepts. The
/// signer list is cached; the responder asks for it on every request.
/// </summary>
public sealed class StoredOcspSigningKeys : IOcspSigningKeys
{
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromMinutes(5);
    private readonly AuthorityRegistry authorities;
    private readonly ServiceKeyVault vault;
    private readonly StoredStatusLookup statuses;
    private readonly TimeProvider clock;
    private readonly OcspOptions options;
    private readonly ILogger<StoredOcspSigningKeys> logger;
    private readonly SemaphoreSlim refresh = new(1, 1);
    private volatile Snapshot? current;

    /// <summary>Creates the key source.</summary>
    public StoredOcspSigningKeys(AuthorityRegistry authorities, ServiceKeyVault vault, StoredStatusLookup statuses, TimeProvider clock, IOptions<OcspOptions> options, ILogger<StoredOcspSigningKeys> logger)
    {
        this.authorities = authorities;
        this.vault = vault;
        this.statuses = statuses;
        this.clock = clock;
        this.options = options.Value;
        this.logger = logger;
    }

    /// <summary>The signers, when they were checked, and the (issuer, serial) pairs whose revocation changes them.</summary>
    private sealed record Snapshot(IReadOnlyList<OcspSigner> Signers, DateTimeOffset CheckedAt, IReadOnlySet<(string CaId, string Serial)> DependsOn);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<OcspSigner>> GetSignersAsync(CancellationToken cancellationToken)
    {
        if (current is { } cached && clock.GetUtcNow() - cached.CheckedAt < RecheckInterval)
        {
            return cached.Signers;
        }

        return await EnsureCurrentAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates missing responders and replaces expiring or revoked ones; returns the fresh signer list.</summary>
    public async Task<IReadOnlyList<OcspSigner>> EnsureCurrentAsync(CancellationToken cancellationToken)
    {
        await refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = clock.GetUtcNow();
            var signers = new List<OcspSigner>();
            var dependsOn = new HashSet<(string, string)>();
            foreach (var record in await authorities.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                var authority = await authorities.FindAsync(record.Id, cancellationToken).ConfigureAwait(false);
                if (authority is null || record.Status == AuthorityStatus.Revoked || !authority.KeyOnline)
                {
                    continue; // an offline CA (the root after a ceremony) answers through its CRL only
                }

                var signer = await SignerForAsync(authority, now, cancellationToken).ConfigureAwait(false);
                signers.Add(signer);
                dependsOn.Add((authority.Id, SerialNumber.From(signer.ResponderCertificate.SerialNumber).Hex));
                if (authority.Record.ParentId is { } parent)
                {
                    dependsOn.Add((parent, SerialNumber.From(authority.Certificate.SerialNumber).Hex));
                }
            }

            current = new Snapshot(signers, now, dependsOn);
            return signers;
        }
        finally
        {
            refresh.Release();
        }
    }

    /// <summary>
    /// Called once a revocation is durable. When it hit a responder certificate in use (or a served CA),
    /// the signers are rebuilt at once, replacing the revoked responder; returns true then.
    /// </summary>
    public async Task<bool> ReplaceIfRevokedAsync(string revokedBy, SerialNumber serial, CancellationToken cancellationToken)
    {
        var affected = current is { } inUse
            ? inUse.DependsOn.Contains((revokedBy, serial.Hex))
            : (await vault.ListAsync(ServiceKeyPurpose.Ocsp, revokedBy, cancellationToken).ConfigureAwait(false))
                .Any(k => new X509Certificate(k.CertificateDer).SerialNumber.Equals(serial.Value));
        if (!affected)
        {
            return false;
        }

        current = null;
        await EnsureCurrentAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// The CA's delegated responder: the stored one while it stands and is not near expiry, else a new one
    /// superseding it. If none can be made, a still-standing old one is kept; failing that the CA signs itself.
    /// </summary>
    private async Task<OcspSigner> SignerForAsync(CertificateAuthority authority, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var existing = (await vault.ListAsync(ServiceKeyPurpose.Ocsp, authority.Id, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        var certificate = existing is null ? null : new X509Certificate(existing.CertificateDer);
        var stands = existing is not null
            && await statuses.StandsAsync(authority.Id, SerialNumber.From(certificate!.SerialNumber), cancellationToken).ConfigureAwait(false);
        if (stands && !OcspResponderCertificateBuilder.NeedsRollover(certificate!, now))
        {
            return new OcspSigner(authority.Id, authority.Certificate, certificate!, vault.Load(existing!));
        }

        try
        {
            var created = await vault.CreateAsync(new ServiceKeyVault.Request(
                ServiceKeyPurpose.Ocsp,
                authority,
                $"OCSP responder for {authority.Id}",
                "system:ocsp",
                KeyAlgorithm.EcdsaP256,
                "ocsp-responder",
                spki => OcspResponderCertificateBuilder.Build(authority, spki, now, options.ResponderCertificateValidity, options.ResponderPolicyOids),
                existing?.Id,
                existing is null ? null : stands ? "rollover" : "revoked"), CallerContext.System("ocsp-rollover"), cancellationToken).ConfigureAwait(false);
            var createdCertificate = new X509Certificate(created.CertificateDer);
            logger.LogInformation("Issued OCSP responder certificate for {CaId}, valid until {NotAfter:O}", authority.Id, createdCertificate.NotAfter);
            return new OcspSigner(authority.Id, authority.Certificate, createdCertificate, vault.Load(created));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (stands)
            {
                logger.LogError(e, "Rolling over the OCSP responder of {CaId} failed; the current one, still valid, signs until the next attempt", authority.Id);
                return new OcspSigner(authority.Id, authority.Certificate, certificate!, vault.Load(existing!));
            }

            logger.LogError(e, "{CaId} has no usable OCSP responder and none could be made; the CA signs its own OCSP responses until one can", authority.Id);
            return OcspSigner.ForAuthority(authority);
        }
    }
}
