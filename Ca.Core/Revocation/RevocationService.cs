using Ca.Core.Audit;
using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Issuance;

namespace Ca.Core.Revocation;

/// <summary>
/// Revoke, hold and unhold: who may do what, which transitions are legal, and a durable, audited
/// state change before anyone is told. Listeners (OCSP cache, CRL publication, the TSA and OCSP
/// responder keys the service signs with) run after commit.
/// </summary>
public sealed class RevocationService
{
    private static readonly RevocationReason[] SubscriberReasons =
        [RevocationReason.Unspecified, RevocationReason.KeyCompromise, RevocationReason.Superseded, RevocationReason.CessationOfOperation, RevocationReason.AffiliationChanged];

    private readonly IIssuanceStore issuance;
    private readonly IRevocationStore store;
    private readonly IAuthorityStore authorityStore;
    private readonly AuthorityRegistry authorities;
    private readonly IEnumerable<IRevocationListener> listeners;
    private readonly TimeProvider clock;

    /// <summary>Creates the service.</summary>
    public RevocationService(
        IIssuanceStore issuance,
        IRevocationStore store,
        IAuthorityStore authorityStore,
        AuthorityRegistry authorities,
        IEnumerable<IRevocationListener> listeners,
        TimeProvider clock)
    {
        this.issuance = issuance;
        this.store = store;
        this.authorityStore = authorityStore;
        this.authorities = authorities;
        this.listeners = listeners;
        this.clock = clock;
    }

    /// <summary>
    /// Revokes (or, with certificateHold, suspends) a certificate. Subscribers may revoke only their own,
    /// for keyCompromise, superseded, cessationOfOperation or affiliationChanged; officers any, for any
    /// reason (CA/B Forum BR 7.2.2: a subscriber may also leave the reason unspecified). A held certificate may be revoked permanently; anything else already revoked is a 409.
    /// </summary>
    public async Task<IssuedCertificateRecord> RevokeAsync(SerialNumber serial, RevocationReason reason, DateTimeOffset? invalidityDate, CallerContext caller, CancellationToken cancellationToken)
    {
        var certificate = await FindVisibleAsync(serial, caller, cancellationToken).ConfigureAwait(false);
        var isOfficer = caller.IsInRole(Roles.Officer);
        if (!isOfficer && !string.Equals(certificate.Owner, caller.Organization, StringComparison.Ordinal))
        {
            // Auditors and admins may see the certificate, but withdrawing someone else's credential is an officer's act.
            throw CaException.Forbidden("not-owner", "Only the certificate's owner or a security officer may revoke it.");
        }

        if (reason == RevocationReason.RemoveFromCrl)
        {
            throw CaException.BadRequest("invalid-reason", "removeFromCRL is not a revocation reason; lift a hold with unhold.", "reason");
        }

        if (!isOfficer && !SubscriberReasons.Contains(reason))
        {
            throw CaException.Forbidden("reason-not-allowed", $"Subscribers may revoke for {string.Join(", ", SubscriberReasons.Select(r => r.ToWireName()))}; {reason.ToWireName()} needs an officer.");
        }

        var now = clock.GetUtcNow();
        if (invalidityDate is { } invalid && (invalid > now || invalid < certificate.NotBefore))
        {
            // RFC 5280 5.3.2: when the key became unfit for use; a date before the certificate existed
            // (0001-01-01) would backdate revocation past anything the certificate ever signed.
            throw CaException.Unprocessable("invalid-invalidity-date",
                $"invalidityDate must lie between the certificate's notBefore ({certificate.NotBefore:O}) and now.", "invalidityDate");
        }

        var hold = reason == RevocationReason.CertificateHold;
        var next = hold ? CertificateStatus.OnHold : CertificateStatus.Revoked;
        switch (certificate.Status)
        {
            case CertificateStatus.Revoked:
                throw CaException.Conflict("already-revoked", $"Certificate {serial} is already revoked.");
            case CertificateStatus.OnHold when hold:
                throw CaException.Conflict("already-on-hold", $"Certificate {serial} is already on hold.");
        }

        // A hold made permanent keeps its original revocation time (RFC 5280 5.3.2 / X.509 practice).
        var revokedAt = certificate.Status == CertificateStatus.OnHold ? certificate.RevokedAt!.Value : now;
        var change = new RevocationChange(certificate.IssuerId, certificate.SerialNumber, certificate.Status, next, (int)reason, revokedAt, invalidityDate, null, now);
        await store.ChangeStatusAsync(change, AuditEvent.Succeeded(clock.GetUtcNow(), AuditActions.CertificateRevoked, certificate.SerialNumber, caller, new { caId = certificate.IssuerId, reason = reason.ToWireName(), invalidityDate, from = certificate.Status.ToString() }), cancellationToken).ConfigureAwait(false);
        await NotifyAsync(certificate.IssuerId, serial, cancellationToken).ConfigureAwait(false);
        return certificate with { Status = next, RevokedAt = revokedAt, RevocationReason = (int)reason, InvalidityDate = invalidityDate };
    }

    /// <summary>Lifts a certificateHold: the certificate is valid again and leaves the CRLs (removeFromCRL in the next delta).</summary>
    public async Task<IssuedCertificateRecord> UnholdAsync(SerialNumber serial, CallerContext caller, CancellationToken cancellationToken)
    {
        var certificate = await FindVisibleAsync(serial, caller, cancellationToken).ConfigureAwait(false);
        if (certificate.Status != CertificateStatus.OnHold)
        {
            throw CaException.Conflict("not-on-hold", $"Certificate {serial} is {certificate.Status.ToString().ToLowerInvariant()}, not on hold.");
        }

        var now = clock.GetUtcNow();
        // The hold's time and reason stay on record: a CRL that listed the hold must be answered by removeFromCRL.
        var change = new RevocationChange(certificate.IssuerId, certificate.SerialNumber, CertificateStatus.OnHold, CertificateStatus.Valid,
            certificate.RevocationReason, certificate.RevokedAt, null, now, now);
        await store.ChangeStatusAsync(change, AuditEvent.Succeeded(clock.GetUtcNow(), AuditActions.CertificateUnheld, certificate.SerialNumber, caller, new { caId = certificate.IssuerId }), cancellationToken).ConfigureAwait(false);
        await NotifyAsync(certificate.IssuerId, serial, cancellationToken).ConfigureAwait(false);
        return certificate with { Status = CertificateStatus.Valid, RevokedAt = null, RevocationReason = null, InvalidityDate = null };
    }

    /// <summary>
    /// Revokes a subordinate CA: it stops issuing at once and its parent's CRL (the ARL) lists it.
    /// A root cannot be revoked this way; it is distrusted by removing it from trust stores.
    /// </summary>
    public async Task RevokeAuthorityAsync(string caId, RevocationReason reason, CallerContext caller, CancellationToken cancellationToken)
    {
        var authority = await authorities.FindAsync(caId, cancellationToken).ConfigureAwait(false)
            ?? throw CaException.NotFound("ca-not-found", $"There is no CA '{caId}'.");
        if (authority.IsRoot)
        {
            throw CaException.Unprocessable("root-not-revocable", "A root CA cannot be revoked; remove it from trust stores instead.", "caId");
        }

        if (reason is RevocationReason.RemoveFromCrl or RevocationReason.CertificateHold)
        {
            throw CaException.BadRequest("invalid-reason", "A CA is revoked permanently; hold is not supported for CAs.", "reason");
        }

        if (await authorities.FindAsync(authority.Record.ParentId!, cancellationToken).ConfigureAwait(false) is { KeyOnline: false } parent)
        {
            throw CaException.Conflict("ca-key-offline", $"The key of '{parent.Id}', which must sign the revocation into its CRL, is offline: revoke '{caId}' in a key ceremony (ceremony revoke-ca).");
        }

        await authorityStore.RevokeAsync(caId, (int)reason, clock.GetUtcNow(), AuditEvent.Succeeded(clock.GetUtcNow(), AuditActions.AuthorityRevoked, caId, caller, new { reason = reason.ToWireName(), parent = authority.Record.ParentId }), cancellationToken).ConfigureAwait(false);
        authorities.Invalidate(caId);
        await NotifyAsync(authority.Record.ParentId!, SerialNumber.From(authority.Certificate.SerialNumber), cancellationToken).ConfigureAwait(false);
    }

    private async Task<IssuedCertificateRecord> FindVisibleAsync(SerialNumber serial, CallerContext caller, CancellationToken cancellationToken)
    {
        var certificate = await issuance.FindCertificateAsync(serial.Hex, null, cancellationToken).ConfigureAwait(false);
        return certificate is not null && caller.CanSee(certificate.Owner)
            ? certificate
            : throw CaException.NotFound("certificate-not-found", $"No certificate with serial {serial}.");
    }

    private async Task NotifyAsync(string caId, SerialNumber serial, CancellationToken cancellationToken)
    {
        foreach (var listener in listeners)
        {
            await listener.OnRevocationChangedAsync(caId, serial, cancellationToken).ConfigureAwait(false);
        }
    }
}
