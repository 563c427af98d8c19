using Ca.Api.Portal.Infrastructure;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Core.People;
using Ca.Core.Revocation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Ca.Api.Portal.Requester;

/// <summary>
/// One certificate: its details, downloads (PEM, DER, chain, PKCS#7), renewal, and revocation with
/// the reasons the reader may use. Officers also hold and unhold. Every action goes through
/// <see cref="RevocationService"/>, which decides who may do what and audits it.
/// </summary>
[Authorize]
public sealed class CertificateModel(IssuanceService issuance, RevocationService revocation, CertificateFiles files, PersonCertificateService signInCertificates, Names names, TimeProvider clock) : PortalPageModel
{
    /// <summary>What a subscriber may choose (Core enforces the same list).</summary>
    public static readonly RevocationReason[] SubscriberReasons =
        [RevocationReason.KeyCompromise, RevocationReason.Superseded, RevocationReason.CessationOfOperation, RevocationReason.AffiliationChanged];

    /// <summary>What an officer may choose.</summary>
    public static readonly RevocationReason[] OfficerReasons =
        [RevocationReason.KeyCompromise, RevocationReason.CACompromise, RevocationReason.AffiliationChanged, RevocationReason.Superseded,
         RevocationReason.CessationOfOperation, RevocationReason.CertificateHold, RevocationReason.PrivilegeWithdrawn, RevocationReason.Unspecified];

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public bool Confirm { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public IssuedCertificateRecord Certificate { get; private set; } = null!;

    public bool IsOfficer => Caller.IsInRole(Roles.Officer);

    public bool IsOwner => Certificate.Owner == Caller.Organization;

    public IReadOnlyList<RevocationReason> Reasons => IsOfficer ? OfficerReasons : SubscriberReasons;

    public int DaysLeft => PortalFormat.DaysUntil(Certificate.NotAfter, clock.GetUtcNow());

    /// <summary>True when the certificate is for TLS client authentication, so it could sign a person in.</summary>
    public bool ForClientAuthentication { get; private set; }

    /// <summary>The person this certificate signs in to the portal, if it is linked.</summary>
    public PersonCertificate? Link { get; private set; }

    /// <summary>The linked person's name.</summary>
    public string? LinkedPerson { get; private set; }

    /// <summary>True when the reader submitted the request of this certificate (and so may link it to themselves).</summary>
    public bool RequestedByReader { get; private set; }

    /// <summary>True when the reader may unlink it: the linked person or an admin.</summary>
    public bool MayUnlink => Link is not null && (Link.PersonId == Caller.ActorId || Caller.IsInRole(Roles.Admin));

    public async Task<IActionResult> OnGetAsync(string serial, CancellationToken cancellationToken)
    {
        await LoadAsync(serial, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnGetDownloadAsync(string serial, string? format, CancellationToken cancellationToken)
    {
        await LoadAsync(serial, cancellationToken);
        var file = await files.BuildAsync(Certificate.Der, Certificate.IssuerId, Certificate.SerialNumber, format ?? "pem", cancellationToken);
        return file is { } f ? File(f.Content, f.ContentType, f.FileName) : NotFound();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string serial, CancellationToken cancellationToken)
    {
        await LoadAsync(serial, cancellationToken);
        if (!RevocationReasons.TryParse(Reason, out var reason) || !Reasons.Contains(reason))
        {
            FieldError(nameof(Reason), "Cert.Error.Reason");
        }

        if (!Confirm)
        {
            FieldError(nameof(Confirm), "Cert.Error.Confirm");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            await revocation.RevokeAsync(Serial, reason, null, Caller, cancellationToken);
            return Redirect($"/certificates/{Certificate.SerialNumber}?done={(reason == RevocationReason.CertificateHold ? "held" : "revoked")}");
        }
        catch (CaException e)
        {
            ShowError(e, new Dictionary<string, string> { ["reason"] = nameof(Reason) }, nameof(Reason));
            return Page();
        }
    }

    /// <summary>Links the certificate to the reader: presented over HTTPS, it then signs them in.</summary>
    public async Task<IActionResult> OnPostLinkAsync(string serial, CancellationToken cancellationToken)
    {
        await LoadAsync(serial, cancellationToken);
        try
        {
            await signInCertificates.LinkAsync(Caller.ActorId, Certificate.IssuerId, Certificate.SerialNumber, Caller, cancellationToken);
            return Redirect($"/certificates/{Certificate.SerialNumber}?done=linked");
        }
        catch (CaException e)
        {
            ShowError(e);
            return Page();
        }
    }

    /// <summary>Stops the certificate signing its person in.</summary>
    public async Task<IActionResult> OnPostUnlinkAsync(string serial, CancellationToken cancellationToken)
    {
        await LoadAsync(serial, cancellationToken);
        try
        {
            await signInCertificates.UnlinkAsync(Link?.PersonId ?? Caller.ActorId, Certificate.IssuerId, Certificate.SerialNumber, Caller, cancellationToken);
            return Redirect($"/certificates/{Certificate.SerialNumber}?done=unlinked");
        }
        catch (CaException e)
        {
            ShowError(e);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostUnholdAsync(string serial, CancellationToken cancellationToken)
    {
        await LoadAsync(serial, cancellationToken);
        try
        {
            await revocation.UnholdAsync(Serial, Caller, cancellationToken);
            return Redirect($"/certificates/{Certificate.SerialNumber}?done=unheld");
        }
        catch (CaException e)
        {
            ShowError(e);
            return Page();
        }
    }

    private async Task LoadAsync(string serial, CancellationToken cancellationToken)
    {
        Certificate = SerialNumber.TryParse(serial, out var parsed) ? await issuance.FindCertificateAsync(parsed, Caller, cancellationToken) ?? throw NotFound(serial) : throw NotFound(serial);
        ForClientAuthentication = new Org.BouncyCastle.X509.X509Certificate(Certificate.Der).GetExtendedKeyUsage()?.Any(oid => oid.Id == ClientAuthOid) == true;
        if (!ForClientAuthentication)
        {
            return;
        }

        Link = await signInCertificates.FindLinkAsync(Certificate.IssuerId, Certificate.SerialNumber, cancellationToken);
        LinkedPerson = Link is null ? null : await names.DescribeAsync(Link.PersonId, cancellationToken);
        RequestedByReader = Certificate.RequestId is { } requestId && !Caller.ActsAsOrganization
            && (await issuance.FindRequestAsync(requestId, Caller, cancellationToken))?.SubmittedBy == Caller.ActorId;
    }

    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    private SerialNumber Serial => SerialNumber.TryParse(Certificate.SerialNumber, out var serial) ? serial : throw NotFound(Certificate.SerialNumber);

    private static CaException NotFound(string serial) => CaException.NotFound("certificate-not-found", $"No certificate with serial {serial}.");
}
