using System.Text;
using System.Text.Json;
using Ca.Core.Acme.Jws;
using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Core.Revocation;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ca.Core.Acme;

/// <summary>
/// Certificates through ACME: download with the chain (RFC 8555 7.4.2) and revocation (7.6) by the
/// account that ordered it, an account holding valid authorizations for all its names, or whoever
/// holds the certificate's key. Revocation itself is <see cref="RevocationService"/>'s, so OCSP, CRLs
/// and the audit log see it exactly as a REST revocation.
/// </summary>
public sealed class AcmeCertificateService
{
    private static readonly RevocationReason[] AllowedReasons =
        [RevocationReason.Unspecified, RevocationReason.KeyCompromise, RevocationReason.AffiliationChanged, RevocationReason.Superseded, RevocationReason.CessationOfOperation];

    private readonly IAcmeStore store;
    private readonly IIssuanceStore issuance;
    private readonly AuthorityRegistry authorities;
    private readonly RevocationService revocation;
    private readonly TimeProvider clock;

    /// <summary>Creates the service.</summary>
    public AcmeCertificateService(IAcmeStore store, IIssuanceStore issuance, AuthorityRegistry authorities, RevocationService revocation, TimeProvider clock)
    {
        this.store = store;
        this.issuance = issuance;
        this.authorities = authorities;
        this.revocation = revocation;
        this.clock = clock;
    }

    /// <summary>
    /// The certificate of one of the account's orders followed by its issuing chain, as PEM, and its
    /// issuer's id. The default chain stops below the root (relying parties hold it); the alternate
    /// one ends with the root, for servers that must present or pin the whole path.
    /// </summary>
    public async Task<(string Pem, string IssuerId)> ChainPemAsync(AcmeAccount account, string serialHex, bool withRoot, CancellationToken cancellationToken)
    {
        var order = await store.FindOrderByCertificateAsync(serialHex, cancellationToken).ConfigureAwait(false);
        if (order is null || order.AccountId != account.Id || order.CertificateIssuerId is null)
        {
            throw AcmeException.NotFound("Certificate");
        }

        var certificate = await issuance.FindCertificateAsync(serialHex, order.CertificateIssuerId, cancellationToken).ConfigureAwait(false)
            ?? throw AcmeException.NotFound("Certificate");
        var pem = new StringBuilder(Pem.Encode("CERTIFICATE", certificate.Der));
        foreach (var authority in await authorities.ChainAsync(certificate.IssuerId, cancellationToken).ConfigureAwait(false))
        {
            if (withRoot || !authority.IsRoot)
            {
                pem.Append(Pem.Encode("CERTIFICATE", authority.Certificate.GetEncoded()));
            }
        }

        return (pem.ToString(), certificate.IssuerId);
    }

    /// <summary>revokeCert: checks who may revoke, then revokes through <see cref="RevocationService"/>.</summary>
    public async Task RevokeAsync(VerifiedAcmeRequest request, string? correlationId, CancellationToken cancellationToken)
    {
        var payload = request.Message.PayloadObject();
        var der = payload.TryGetProperty("certificate", out var text) && text.ValueKind == JsonValueKind.String ? Base64Url.TryDecode(text.GetString()) : null;
        X509Certificate parsed;
        try
        {
            parsed = der is { Length: > 0 } ? new X509CertificateParser().ReadCertificate(der) : throw AcmeException.Malformed("revokeCert needs certificate: the DER certificate in base64url.");
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidCastException or Org.BouncyCastle.Security.Certificates.CertificateException)
        {
            throw AcmeException.Malformed("certificate is not a DER X.509 certificate.");
        }

        var reason = RevocationReason.Unspecified;
        if (payload.TryGetProperty("reason", out var r) && r.ValueKind != JsonValueKind.Null)
        {
            if (r.ValueKind != JsonValueKind.Number || !r.TryGetInt32(out var code) || !AllowedReasons.Contains((RevocationReason)code))
            {
                throw new AcmeException(AcmeErrors.BadRevocationReason, $"Allowed reasons are {string.Join(", ", AllowedReasons.Select(a => (int)a))} (unspecified, keyCompromise, affiliationChanged, superseded, cessationOfOperation).");
            }

            reason = (RevocationReason)code;
        }

        var serial = SerialNumber.From(parsed.SerialNumber);
        var stored = await issuance.FindCertificateAsync(serial.Hex, null, cancellationToken).ConfigureAwait(false);
        if (stored is null || !stored.Der.AsSpan().SequenceEqual(der!))
        {
            throw AcmeException.NotFound("Certificate");
        }

        await CheckMayRevokeAsync(request, stored, parsed, cancellationToken).ConfigureAwait(false);
        if (stored.Status == CertificateStatus.Revoked)
        {
            throw new AcmeException(AcmeErrors.AlreadyRevoked, $"Certificate {serial} is already revoked.");
        }

        // The audit record names who proved the right to revoke, not merely whose certificate it is: the
        // certificate's key when the JWS was signed with it, else the business owning the ACME account
        // (which may be another business that validated every name), acting for the certificate's owner.
        var caller = request.Account is null
            ? AcmeIds.CallerForCertificateKey(request.Key.Thumbprint, stored.Owner, correlationId)
            : AcmeIds.CallerFor(request.Account, correlationId) with { OrganizationId = request.Account.Owner == stored.Owner ? null : stored.Owner };
        try
        {
            await revocation.RevokeAsync(serial, reason, null, caller, cancellationToken).ConfigureAwait(false);
        }
        catch (CaException e) when (e.Code == "already-revoked")
        {
            throw new AcmeException(AcmeErrors.AlreadyRevoked, e.Message);
        }
        catch (CaException e) when (e.Code == "reason-not-allowed")
        {
            throw new AcmeException(AcmeErrors.BadRevocationReason, e.Message);
        }
    }

    private async Task CheckMayRevokeAsync(VerifiedAcmeRequest request, IssuedCertificateRecord stored, X509Certificate parsed, CancellationToken cancellationToken)
    {
        if (request.Account is null)
        {
            // Signed with a jwk: it must be the certificate's own key (RFC 8555 7.6).
            if (JsonWebKey.FromSubjectPublicKeyInfo(parsed.SubjectPublicKeyInfo)?.Thumbprint != request.Key.Thumbprint)
            {
                throw AcmeException.Unauthorized("A revocation signed with a jwk must be signed by the certificate's key.");
            }

            return;
        }

        var order = await store.FindOrderByCertificateAsync(stored.SerialNumber, cancellationToken).ConfigureAwait(false);
        if (order is not null && order.AccountId == request.Account.Id)
        {
            return;
        }

        var names = Identifiers(parsed);
        var now = clock.GetUtcNow();
        foreach (var name in names)
        {
            if (await store.FindValidAuthorizationAsync(request.Account.Id, name.Authorized, name.IsWildcard, now, cancellationToken).ConfigureAwait(false) is null)
            {
                throw AcmeException.Unauthorized($"This account did not order the certificate and holds no valid authorization for {name.Value}.");
            }
        }

        if (names.Count == 0)
        {
            throw AcmeException.Unauthorized("This account did not order the certificate.");
        }
    }

    private static List<AcmeIdentifier> Identifiers(X509Certificate certificate)
    {
        var value = certificate.GetExtensionValue(X509Extensions.SubjectAlternativeName);
        var result = new List<AcmeIdentifier>();
        if (value is null)
        {
            return result;
        }

        foreach (var name in GeneralNames.GetInstance(Asn1Object.FromByteArray(value.GetOctets())).GetNames())
        {
            if (name.TagNo == GeneralName.DnsName)
            {
                result.Add(new AcmeIdentifier(AcmeIdentifier.Dns, DerIA5String.GetInstance(name.Name).GetString().ToLowerInvariant()));
            }
            else if (name.TagNo == GeneralName.IPAddress)
            {
                result.Add(new AcmeIdentifier(AcmeIdentifier.Ip, new System.Net.IPAddress(Asn1OctetString.GetInstance(name.Name).GetOctets()).ToString()));
            }
        }

        return result;
    }
}
