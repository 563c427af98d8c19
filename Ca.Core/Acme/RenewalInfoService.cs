using Ca.Core.Acme.Jws;
using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;

namespace Ca.Core.Acme;

/// <summary>A suggested renewal window (RFC 9773 4.2).</summary>
/// <param name="Start">Renew no earlier than this.</param>
/// <param name="End">Renew before this.</param>
/// <param name="RetryAfter">When to ask again.</param>
public sealed record RenewalWindow(DateTimeOffset Start, DateTimeOffset End, TimeSpan RetryAfter);

/// <summary>
/// ACME Renewal Information (RFC 9773): for a certificate id (AKI keyIdentifier '.' serial), the
/// window in which to renew: normally the configured fraction of the lifetime; for a revoked
/// certificate a window that is open now, so clients replace it at once.
/// </summary>
public sealed class RenewalInfoService
{
    private readonly IIssuanceStore issuance;
    private readonly AuthorityRegistry authorities;
    private readonly TimeProvider clock;
    private readonly RenewalInfoOptions options;

    /// <summary>Creates the service.</summary>
    public RenewalInfoService(IIssuanceStore issuance, AuthorityRegistry authorities, TimeProvider clock, IOptions<AcmeOptions> options)
    {
        this.issuance = issuance;
        this.authorities = authorities;
        this.clock = clock;
        this.options = options.Value.RenewalInfo;
    }

    /// <summary>The RFC 9773 certificate id of a certificate.</summary>
    public static string CertificateId(X509Certificate certificate)
    {
        var aki = Org.BouncyCastle.Asn1.X509.AuthorityKeyIdentifier.GetInstance(
            Asn1Object.FromByteArray(certificate.GetExtensionValue(Org.BouncyCastle.Asn1.X509.X509Extensions.AuthorityKeyIdentifier).GetOctets()));
        return Base64Url.Encode(aki.KeyIdentifier.GetOctets()) + "." + Base64Url.Encode(new DerInteger(certificate.SerialNumber).GetEncoded()[2..]);
    }

    /// <summary>The window for a certificate id; unknown ids are 404.</summary>
    public async Task<RenewalWindow> GetAsync(string certificateId, CancellationToken cancellationToken)
    {
        var certificate = await FindAsync(certificateId, cancellationToken).ConfigureAwait(false)
            ?? throw AcmeException.NotFound("Certificate");
        var now = clock.GetUtcNow();
        if (certificate.Status != CertificateStatus.Valid)
        {
            var revokedAt = certificate.RevokedAt ?? now;
            var start = revokedAt < now ? revokedAt : now;
            return new RenewalWindow(start.ToWholeSeconds(), now.AddHours(1).ToWholeSeconds(), options.RetryAfter);
        }

        var lifetime = certificate.NotAfter - certificate.NotBefore;
        return new RenewalWindow(
            (certificate.NotBefore + lifetime * options.WindowStartFraction).ToWholeSeconds(),
            (certificate.NotBefore + lifetime * options.WindowEndFraction).ToWholeSeconds(),
            options.RetryAfter);
    }

    /// <summary>The certificate an RFC 9773 id names, or null; a malformed id is malformed.</summary>
    public async Task<IssuedCertificateRecord?> FindAsync(string certificateId, CancellationToken cancellationToken)
    {
        var parts = certificateId.Split('.');
        if (parts.Length != 2 || Base64Url.TryDecode(parts[0]) is not { Length: > 0 } keyId || Base64Url.TryDecode(parts[1]) is not { Length: > 0 and <= 21 } serialBytes)
        {
            throw AcmeException.Malformed("A renewalInfo id is base64url(authorityKeyIdentifier) '.' base64url(serial number).");
        }

        var serial = new BigInteger(serialBytes);
        if (serial.SignValue <= 0)
        {
            return null;
        }

        var certificate = await issuance.FindCertificateAsync(SerialNumber.From(serial).Hex, null, cancellationToken).ConfigureAwait(false);
        if (certificate is null)
        {
            return null;
        }

        var issuer = await authorities.FindAsync(certificate.IssuerId, cancellationToken).ConfigureAwait(false);
        return issuer is not null && issuer.SubjectKeyIdentifier.GetKeyIdentifier().AsSpan().SequenceEqual(keyId) ? certificate : null;
    }
}
