using Ca.Api.Portal.Infrastructure;
using Ca.Core.Common;
using Ca.Core.Revocation;
using Microsoft.AspNetCore.Mvc;

namespace Ca.Api.Portal.Public;

/// <summary>A certificate's status by serial number, for people without an OCSP client; reads the row OCSP reads.</summary>
public sealed class StatusModel(CertificateStatusLookup lookup) : PortalPageModel
{
    [BindProperty(SupportsGet = true, Name = "serial")]
    public string? Serial { get; set; }

    public PublicCertificateStatus? Result { get; private set; }

    public bool Searched { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (Serial is null)
        {
            return;
        }

        if (!SerialNumber.TryParse(Serial, out var serial))
        {
            FieldError("serial", "Status.Error.Invalid");
            return;
        }

        Searched = true;
        Result = await lookup.FindAsync(serial, cancellationToken);
    }
}
