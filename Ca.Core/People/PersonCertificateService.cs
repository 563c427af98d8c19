using Ca.Core.Accounts;
using Ca.Core.Audit;
using Ca.Core.Common;
using Ca.Core.Issuance;

namespace Ca.Core.People;

/// <summary>
/// Which TLS client certificates sign which person in to the portal. A certificate signs a person in
/// only once it is linked to them, and only while it could log in to the API by mutual TLS (issued
/// here, in validity, clientAuth, neither it nor a CA above it revoked or held; see
/// <see cref="ClientCertificateAuthenticator"/>). A person links a certificate they requested
/// themselves (the request names them as its submitter: they hold its key); an admin links any of
/// the person's organization's. Every link and unlink is audited with the change.
/// </summary>
public sealed class PersonCertificateService
{
    private readonly IPersonStore people;
    private readonly IIssuanceStore issuance;
    private readonly ClientCertificateAuthenticator authenticator;
    private readonly TimeProvider clock;

    /// <summary>Creates the service.</summary>
    public PersonCertificateService(IPersonStore people, IIssuanceStore issuance, ClientCertificateAuthenticator authenticator, TimeProvider clock)
    {
        this.people = people;
        this.issuance = issuance;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    /// <summary>A link with the certificate it names (null if that certificate is gone from the store).</summary>
    public sealed record LinkedCertificate(PersonCertificate Link, IssuedCertificateRecord? Certificate);

    /// <summary>The certificates that sign a person in; the person themselves or an admin may look.</summary>
    public async Task<IReadOnlyList<LinkedCertificate>> ListAsync(string personId, CallerContext caller, CancellationToken cancellationToken)
    {
        RequireSelfOrAdmin(personId, caller);
        var links = await people.ListCertificatesAsync(personId, cancellationToken).ConfigureAwait(false);
        var result = new List<LinkedCertificate>(links.Count);
        foreach (var link in links)
        {
            result.Add(new LinkedCertificate(link, await issuance.FindCertificateAsync(link.SerialNumber, link.IssuerId, cancellationToken).ConfigureAwait(false)));
        }

        return result;
    }

    /// <summary>The person a certificate is linked to, if any (for the certificate's own page).</summary>
    public Task<PersonCertificate?> FindLinkAsync(string issuerId, string serialNumber, CancellationToken cancellationToken) =>
        people.FindCertificateAsync(issuerId, serialNumber, cancellationToken);

    /// <summary>Links a certificate to a person, after checking it could sign them in now.</summary>
    public async Task<PersonCertificate> LinkAsync(string personId, string issuerId, string serialNumber, CallerContext caller, CancellationToken cancellationToken)
    {
        RequireSelfOrAdmin(personId, caller);
        var person = await people.FindAsync(personId, cancellationToken).ConfigureAwait(false);
        if (person is not { DeletedAt: null })
        {
            throw CaException.NotFound("person-not-found", $"No person '{personId}'.");
        }

        var certificate = await issuance.FindCertificateAsync(serialNumber, issuerId, cancellationToken).ConfigureAwait(false);
        if (certificate is null || !caller.CanSee(certificate.Owner))
        {
            throw CaException.NotFound("certificate-not-found", $"No certificate with serial {serialNumber}.");
        }

        if (!string.Equals(certificate.Owner, person.OrganizationId, StringComparison.Ordinal))
        {
            throw CaException.Unprocessable("certificate-other-organization", "The certificate belongs to another organization than the person.", "serial");
        }

        if (!caller.IsInRole(Roles.Admin) && !await RequestedByAsync(certificate, personId, cancellationToken).ConfigureAwait(false))
        {
            throw CaException.Forbidden("certificate-not-requested-by-you", "Only a certificate you requested yourself can sign you in; an admin can link others.");
        }

        var (usable, failure) = await authenticator.VerifyAsync(certificate.Der, cancellationToken).ConfigureAwait(false);
        if (usable is null)
        {
            throw CaException.Unprocessable("certificate-cannot-sign-in", $"This certificate cannot sign anyone in: {failure}.", "serial");
        }

        var now = clock.GetUtcNow();
        var link = new PersonCertificate(personId, certificate.IssuerId, certificate.SerialNumber, now, caller.ActorId);
        var audit = AuditEvent.Succeeded(now, AuditActions.PersonCertificateLinked, personId, caller,
            new { issuer = certificate.IssuerId, serial = certificate.SerialNumber, subject = certificate.Subject });
        if (!await people.AddCertificateAsync(link, [audit], cancellationToken).ConfigureAwait(false))
        {
            throw CaException.Conflict("certificate-already-linked", "This certificate already signs a person in; unlink it first.");
        }

        return link;
    }

    /// <summary>Stops a certificate signing a person in; the person themselves or an admin. Open sessions opened with it end at their next request.</summary>
    public async Task UnlinkAsync(string personId, string issuerId, string serialNumber, CallerContext caller, CancellationToken cancellationToken)
    {
        RequireSelfOrAdmin(personId, caller);
        var link = await people.FindCertificateAsync(issuerId, serialNumber, cancellationToken).ConfigureAwait(false);
        if (link is null || !string.Equals(link.PersonId, personId, StringComparison.Ordinal))
        {
            throw CaException.NotFound("certificate-link-not-found", "This certificate does not sign this person in.");
        }

        var audit = AuditEvent.Succeeded(clock.GetUtcNow(), AuditActions.PersonCertificateUnlinked, personId, caller, new { issuer = issuerId, serial = serialNumber });
        if (!await people.RemoveCertificateAsync(issuerId, serialNumber, [audit], cancellationToken).ConfigureAwait(false))
        {
            throw CaException.NotFound("certificate-link-not-found", "This certificate does not sign this person in.");
        }
    }

    /// <summary>Who a presented certificate signs in now, or why nobody.</summary>
    public async Task<CertificateSignIn> SignInAsync(byte[] presentedDer, CancellationToken cancellationToken)
    {
        var (certificate, failure) = await authenticator.VerifyAsync(presentedDer, cancellationToken).ConfigureAwait(false);
        if (certificate is null)
        {
            return new CertificateSignIn(null, null, null, CertificateSignInFailure.Rejected, failure);
        }

        var link = await people.FindCertificateAsync(certificate.IssuerId, certificate.SerialNumber, cancellationToken).ConfigureAwait(false);
        if (link is null)
        {
            return new CertificateSignIn(null, certificate.IssuerId, certificate.SerialNumber, CertificateSignInFailure.NotLinked, "the certificate is not linked to a person");
        }

        var person = await people.FindAsync(link.PersonId, cancellationToken).ConfigureAwait(false);
        return person is { DeletedAt: null }
            ? new CertificateSignIn(person.Id, certificate.IssuerId, certificate.SerialNumber, null, null)
            : new CertificateSignIn(null, certificate.IssuerId, certificate.SerialNumber, CertificateSignInFailure.PersonRemoved, "the certificate's person was removed");
    }

    /// <summary>
    /// True while a session opened with this certificate may go on: it is still linked to the person
    /// and could still sign in (not revoked, held, expired, nor under a revoked CA).
    /// </summary>
    public async Task<bool> StillSignsInAsync(string personId, string issuerId, string serialNumber, CancellationToken cancellationToken)
    {
        var link = await people.FindCertificateAsync(issuerId, serialNumber, cancellationToken).ConfigureAwait(false);
        if (link is null || !string.Equals(link.PersonId, personId, StringComparison.Ordinal))
        {
            return false;
        }

        var certificate = await issuance.FindCertificateAsync(serialNumber, issuerId, cancellationToken).ConfigureAwait(false);
        return certificate is not null && (await authenticator.VerifyAsync(certificate.Der, cancellationToken).ConfigureAwait(false)).Certificate is not null;
    }

    private async Task<bool> RequestedByAsync(IssuedCertificateRecord certificate, string personId, CancellationToken cancellationToken) =>
        certificate.RequestId is { } requestId
        && await issuance.FindRequestAsync(requestId, cancellationToken).ConfigureAwait(false) is { } request
        && string.Equals(request.SubmittedBy, personId, StringComparison.Ordinal);

    private static void RequireSelfOrAdmin(string personId, CallerContext caller)
    {
        if (!caller.IsInRole(Roles.Admin) && !string.Equals(caller.ActorId, personId, StringComparison.Ordinal))
        {
            throw CaException.Forbidden("admin-only", "Only an admin manages another person's sign-in certificates.");
        }
    }
}
