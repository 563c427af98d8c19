using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Keys;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.X509;

namespace Ca.Core.Ocsp;

/// <summary>
/// The delegated responder of every CA, from the service key store: created on first need and
/// replaced automatically once a third of its certificate's life remains (RFC 6960 4.2.2.2). The
/// signer list is cached; the responder asks for it on every request.
/// </summary>
public sealed class StoredOcspSigningKeys : IOcspSigningKeys
{
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromMinutes(5);
    private readonly AuthorityRegistry authorities;
    private readonly ServiceKeyVault vault;
    private readonly TimeProvider clock;
    private readonly OcspOptions options;
    private readonly ILogger<StoredOcspSigningKeys> logger;
    private readonly SemaphoreSlim refresh = new(1, 1);
    private (IReadOnlyList<OcspSigner> Signers, DateTimeOffset CheckedAt)? current;

    /// <summary>Creates the key source.</summary>
    public StoredOcspSigningKeys(AuthorityRegistry authorities, ServiceKeyVault vault, TimeProvider clock, IOptions<OcspOptions> options, ILogger<StoredOcspSigningKeys> logger)
    {
        this.authorities = authorities;
        this.vault = vault;
        this.clock = clock;
        this.options = options.Value;
        this.logger = logger;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<OcspSigner>> GetSignersAsync(CancellationToken cancellationToken)
    {
        if (current is { } cached && clock.GetUtcNow() - cached.CheckedAt < RecheckInterval)
        {
            return cached.Signers;
        }

        return await EnsureCurrentAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates missing responders and rolls over expiring ones; returns the fresh signer list.</summary>
    public async Task<IReadOnlyList<OcspSigner>> EnsureCurrentAsync(CancellationToken cancellationToken)
    {
        await refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = clock.GetUtcNow();
            var signers = new List<OcspSigner>();
            foreach (var record in await authorities.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                var authority = await authorities.FindAsync(record.Id, cancellationToken).ConfigureAwait(false);
                if (authority is null || record.Status == AuthorityStatus.Revoked)
                {
                    continue;
                }

                var existing = (await vault.ListAsync(ServiceKeyPurpose.Ocsp, record.Id, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
                var certificate = existing is null ? null : new X509Certificate(existing.CertificateDer);
                if (existing is null || OcspResponderCertificateBuilder.NeedsRollover(certificate!, now))
                {
                    existing = await vault.CreateAsync(new ServiceKeyVault.Request(
                        ServiceKeyPurpose.Ocsp,
                        authority,
                        $"OCSP responder for {authority.Id}",
                        "system:ocsp",
                        KeyAlgorithm.EcdsaP256,
                        "ocsp-responder",
                        spki => OcspResponderCertificateBuilder.Build(authority, spki, now, options.ResponderCertificateValidity, options.ResponderPolicyOids),
                        existing?.Id), CallerContext.System("ocsp-rollover"), cancellationToken).ConfigureAwait(false);
                    certificate = new X509Certificate(existing.CertificateDer);
                    logger.LogInformation("Issued OCSP responder certificate for {CaId}, valid until {NotAfter:O}", authority.Id, certificate.NotAfter);
                }

                signers.Add(new OcspSigner(authority.Id, authority.Certificate, certificate!, vault.Load(existing)));
            }

            current = (signers, now);
            return signers;
        }
        finally
        {
            refresh.Release();
        }
    }
}
