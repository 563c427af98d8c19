using Ca.Api.Authentication;
using Ca.Api.Portal.Infrastructure;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Core.Keys;
using Ca.Core.Profiles;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Org.BouncyCastle.Asn1.X509;

namespace Ca.Api.Portal.Requester;

/// <summary>
/// The new-request wizard: (1) choose a profile, explained in plain words; (2) give a CSR (upload or
/// paste) or let the service generate the key, which comes back once as a PKCS#12 protected by a
/// password the person chooses and is never stored. Renewal is the same form prefilled from an
/// existing certificate. Submits through the same <see cref="IssuanceService"/> as the REST API.
/// </summary>
[Authorize(Policy = Policies.Subscriber)]
[RequestSizeLimit(1024 * 1024)]
public sealed class NewRequestModel(IssuanceService issuance, IProfileCatalog profiles) : PortalPageModel
{
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["csr"] = nameof(CsrText),
        ["profile"] = nameof(Profile),
        ["keyAlgorithm"] = nameof(KeyAlgorithm),
        ["pkcs12Password"] = nameof(Pkcs12Password),
        ["subject"] = nameof(CommonName),
        ["subject.CN"] = nameof(CommonName),
        ["subject.O"] = nameof(Organization),
        ["subject.C"] = nameof(Country),
        ["sans"] = nameof(Sans),
        ["validityDays"] = nameof(Profile),
        ["caId"] = nameof(Profile),
    };

    [BindProperty(SupportsGet = true)]
    public string? Profile { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Renew { get; set; }

    [BindProperty]
    public string Method { get; set; } = "csr";

    [BindProperty]
    public IFormFile? CsrFile { get; set; }

    [BindProperty]
    public string? CsrText { get; set; }

    [BindProperty]
    public string? CommonName { get; set; }

    [BindProperty]
    public string? Organization { get; set; }

    [BindProperty]
    public string? Country { get; set; } = "TH";

    [BindProperty]
    public string? Sans { get; set; }

    [BindProperty]
    public string? KeyAlgorithm { get; set; }

    [BindProperty]
    public string? Pkcs12Password { get; set; }

    [BindProperty]
    public string? ConfirmPkcs12Password { get; set; }

    public IReadOnlyList<CertificateProfile> Profiles => profiles.All;

    public CertificateProfile? Chosen { get; private set; }

    public IssuedCertificateRecord? Renewing { get; private set; }

    /// <summary>True when the chosen profile lets the service generate the key.</summary>
    public bool CanGenerate => Chosen is { AllowServerKeyGeneration: true, RequiresApproval: false };

    /// <summary>The person chose (or is returned to) the generated-key section.</summary>
    public bool Generate => CanGenerate && string.Equals(Method, "generate", StringComparison.Ordinal);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Chosen = Profile is null ? null : profiles.Find(Profile);
        if (Profile is not null && Chosen is null)
        {
            FieldError(nameof(Profile), "NewRequest.Error.Profile");
        }

        if (Renew is not null && SerialNumber.TryParse(Renew, out var serial) && await issuance.FindCertificateAsync(serial, Caller, cancellationToken) is { } existing)
        {
            Renewing = existing;
            Chosen ??= profiles.Find(existing.Profile);
            Profile = Chosen?.Name;
            var subject = new Org.BouncyCastle.X509.X509Certificate(existing.Der).SubjectDN;
            CommonName = First(subject, X509Name.CN);
            Organization = First(subject, X509Name.O);
            Country = First(subject, X509Name.C) ?? Country;
            Sans = string.Join('\n', existing.Sans);
        }

        KeyAlgorithm ??= Chosen?.AllowedKeyAlgorithms.FirstOrDefault().ToName();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Chosen = Profile is null ? null : profiles.Find(Profile);
        if (Chosen is null)
        {
            FieldError(nameof(Profile), "NewRequest.Error.Profile");
            return Page();
        }

        var generate = Generate;
        string? csr = null;
        if (!generate)
        {
            if (CsrFile is { Length: > 64 * 1024 })
            {
                FieldError(nameof(CsrFile), "NewRequest.Error.CsrTooLarge");
                return Page();
            }

            if (CsrFile is { Length: > 0 })
            {
                using var reader = new StreamReader(CsrFile.OpenReadStream());
                csr = await reader.ReadToEndAsync(cancellationToken);
                if (!csr.Contains("-----BEGIN", StringComparison.Ordinal))
                {
                    // A DER upload: Core takes base64 DER as well as PEM.
                    using var buffer = new MemoryStream();
                    await CsrFile.CopyToAsync(buffer, cancellationToken);
                    csr = Convert.ToBase64String(buffer.ToArray());
                }
            }
            else
            {
                csr = CsrText;
            }

            if (string.IsNullOrWhiteSpace(csr))
            {
                FieldError(nameof(CsrText), "NewRequest.Error.NoCsr");
                return Page();
            }
        }
        else
        {
            if (string.IsNullOrEmpty(Pkcs12Password))
            {
                FieldError(nameof(Pkcs12Password), "NewRequest.Error.NoPassword");
                return Page();
            }

            if (Pkcs12Password != ConfirmPkcs12Password)
            {
                FieldError(nameof(ConfirmPkcs12Password), "Password.Error.Mismatch");
                return Page();
            }
        }

        var sans = string.IsNullOrWhiteSpace(Sans) ? null : Sans.Split(['\n', '\r', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var request = generate
            ? new IssuanceRequest
            {
                Profile = Chosen.Name,
                KeyAlgorithm = KeyAlgorithm,
                Pkcs12Password = Pkcs12Password,
                Subject = Subject(),
                Sans = sans,
            }
            : new IssuanceRequest { Profile = Chosen.Name, Csr = csr };
        try
        {
            var result = await issuance.SubmitAsync(request, Caller, cancellationToken);
            if (result.Pkcs12 is { } pkcs12)
            {
                // Shown once: the key exists only in this response, then nowhere.
                Response.Headers.CacheControl = "no-store";
                return File(pkcs12, "application/x-pkcs12", (CommonName ?? result.Request.Id.ToString()).Replace(' ', '_') + ".p12");
            }

            return Redirect($"/requests/{result.Request.Id}?submitted=1");
        }
        catch (CaException e)
        {
            ShowError(e, Fields, generate ? nameof(CommonName) : nameof(CsrText));
            Pkcs12Password = ConfirmPkcs12Password = null;
            return Page();
        }
    }

    private Dictionary<string, string> Subject()
    {
        var subject = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(CommonName))
        {
            subject["CN"] = CommonName.Trim();
        }

        if (!string.IsNullOrWhiteSpace(Organization))
        {
            subject["O"] = Organization.Trim();
        }

        if (!string.IsNullOrWhiteSpace(Country))
        {
            subject["C"] = Country.Trim().ToUpperInvariant();
        }

        return subject;
    }

    private static string? First(X509Name name, Org.BouncyCastle.Asn1.DerObjectIdentifier oid) => name.GetValueList(oid).FirstOrDefault();

    /// <summary>The plain explanation of a profile, or its configured description for profiles the portal does not know.</summary>
    public string Explain(CertificateProfile profile)
    {
        var text = Text["Profile." + profile.Name + ".Explain"];
        return text.ResourceNotFound ? Text["Profile.Custom", profile.Name] : text;
    }

    public string Title(CertificateProfile profile)
    {
        var text = Text["Profile." + profile.Name + ".Title"];
        return text.ResourceNotFound ? profile.Name : text;
    }
}
