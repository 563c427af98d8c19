using Ca.Core.Accounts;
using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Core.Keys;
using Ca.Core.Profiles;
using Microsoft.Extensions.Options;

namespace Ca.Core.Documents;

/// <summary>
/// Creates and finds agencies' e-seals. The key is generated here and stored encrypted by
/// <see cref="ServiceKeyVault"/> (which also records the certificate and the audit event), so a
/// signer's key never exists outside the service. The certificate follows the
/// <c>document-signing</c> profile; there is no approval step because only an admin may create one.
/// </summary>
public sealed class DocumentSignerService
{
    /// <summary>The profile every e-seal certificate is issued under.</summary>
    public const string ProfileName = "document-signing";

    private readonly ServiceKeyVault vault;
    private readonly AuthorityRegistry authorities;
    private readonly IProfileCatalog profiles;
    private readonly IAccountStore accounts;
    private readonly IIssuanceStore certificates;
    private readonly PublicUrls urls;
    private readonly TimeProvider clock;
    private readonly IssuanceOptions issuance;
    private readonly HierarchyOptions hierarchy;

    /// <summary>Creates the service.</summary>
    public DocumentSignerService(
        ServiceKeyVault vault,
        AuthorityRegistry authorities,
        IProfileCatalog profiles,
        IAccountStore accounts,
        IIssuanceStore certificates,
        PublicUrls urls,
        TimeProvider clock,
        IOptions<IssuanceOptions> issuance,
        IOptions<HierarchyOptions> hierarchy)
    {
        this.vault = vault;
        this.authorities = authorities;
        this.profiles = profiles;
        this.accounts = accounts;
        this.certificates = certificates;
        this.urls = urls;
        this.clock = clock;
        this.issuance = issuance.Value;
        this.hierarchy = hierarchy.Value;
    }

    /// <summary>Generates the key, issues its certificate and stores both; admins only (checked at the edge and here).</summary>
    public async Task<DocumentSigner> CreateAsync(CreateSignerRequest request, CallerContext caller, CancellationToken cancellationToken)
    {
        if (!caller.IsInRole(Roles.Admin))
        {
            throw CaException.Forbidden("admin-only", "Only an admin may create a document signer.");
        }

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            throw CaException.BadRequest("invalid-name", "name must be 1 to 200 characters.", "name");
        }

        if (request.Subject is null || request.Subject.Count == 0)
        {
            throw CaException.BadRequest("missing-subject", "subject is required, e.g. { \"CN\": \"...\", \"O\": \"...\", \"C\": \"TH\" }.", "subject");
        }

        var profile = profiles.Find(ProfileName)
            ?? throw CaException.Conflict("profile-removed", $"Profile '{ProfileName}' is not configured.");
        var algorithm = ResolveAlgorithm(request.KeyAlgorithm, profile);
        var subject = SubjectNames.Validate(SubjectNames.FromRequest(request.Subject), profile);
        var sans = string.IsNullOrWhiteSpace(request.Email)
            ? []
            : SubjectAltNames.Validate([SubjectAltNames.Parse("email:" + request.Email.Trim(), "email")], profile);
        var owner = await ResolveOwnerAsync(request.Owner, caller, cancellationToken).ConfigureAwait(false);
        var issuer = await ResolveIssuerAsync(profile.IssuingCaId ?? hierarchy.DefaultIssuingCaId, cancellationToken).ConfigureAwait(false);
        var days = ValidityPolicy.ResolveDays(request.ValidityDays, profile);
        var (notBefore, notAfter) = ValidityPolicy.Window(clock.GetUtcNow(), days, issuance.BackdateSeconds, issuer.NotAfter);
        var encodedSubject = SubjectNames.Encode(subject);

        var record = await vault.CreateAsync(
            new ServiceKeyVault.Request(
                ServiceKeyPurpose.DocumentSigner,
                issuer,
                name,
                owner,
                algorithm,
                profile.Name,
                publicKey => LeafCertificateBuilder.Build(
                    new LeafCertificateBuilder.Template(issuer, profile, encodedSubject, publicKey, algorithm, sans, SerialNumber.NewRandom(), notBefore, notAfter),
                    urls)),
            caller,
            cancellationToken).ConfigureAwait(false);
        return DocumentSigner.From(record);
    }

    /// <summary>Active signers the caller may see: all for officers, auditors and admins, else its own.</summary>
    public async Task<IReadOnlyList<DocumentSigner>> ListAsync(CallerContext caller, CancellationToken cancellationToken)
    {
        var all = await vault.ListAsync(ServiceKeyPurpose.DocumentSigner, null, cancellationToken).ConfigureAwait(false);
        return all.Where(k => caller.CanSee(k.Owner)).Select(DocumentSigner.From).ToList();
    }

    /// <summary>A signer by id, or null when there is none or the caller may not see it (so others' ids stay unknown).</summary>
    public async Task<DocumentSigner?> FindAsync(string id, CallerContext caller, CancellationToken cancellationToken)
    {
        var record = await FindRecordAsync(id, caller, cancellationToken).ConfigureAwait(false);
        return record is null ? null : DocumentSigner.From(record);
    }

    /// <summary>
    /// The key, certificate and chain to sign with. Only the owner or an admin may sign; a signer the
    /// caller cannot see is 404, one it can see but not use (an officer's view) is 403. A revoked,
    /// held or expired certificate is a 409: its signatures would never validate.
    /// </summary>
    public async Task<(DocumentSigner Signer, DocumentSigningMaterial Material)> LoadForSigningAsync(string id, CallerContext caller, CancellationToken cancellationToken)
    {
        var record = await FindRecordAsync(id, caller, cancellationToken).ConfigureAwait(false)
            ?? throw CaException.NotFound("signer-not-found", $"No document signer '{id}'.");
        if (!string.Equals(record.Owner, caller.Organization, StringComparison.Ordinal) && !caller.IsInRole(Roles.Admin))
        {
            throw CaException.Forbidden("not-signer-owner", "Only the signer's owner or an admin may sign with it.");
        }

        var signer = DocumentSigner.From(record);
        if (!record.Active)
        {
            throw CaException.Conflict("signer-inactive", "This signer was superseded and no longer signs.");
        }

        var stored = await certificates.FindCertificateAsync(signer.SerialNumber, record.CaId, cancellationToken).ConfigureAwait(false);
        if (stored is { Status: not CertificateStatus.Valid })
        {
            throw CaException.Conflict("signer-revoked", $"The signer's certificate is {stored.Status}; its signatures would not validate.");
        }

        var now = clock.GetUtcNow();
        if (now > signer.NotAfter || now < signer.NotBefore)
        {
            throw CaException.Conflict("signer-expired", "The signer's certificate is not valid now.");
        }

        var chain = (await authorities.ChainAsync(record.CaId, cancellationToken).ConfigureAwait(false)).Select(a => a.Certificate).ToList();
        return (signer, new DocumentSigningMaterial(vault.Load(record), signer.Certificate, chain));
    }

    private async Task<ServiceKeyRecord?> FindRecordAsync(string id, CallerContext caller, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            return null;
        }

        var record = await vault.FindAsync(id, cancellationToken).ConfigureAwait(false);
        return record is { Purpose: ServiceKeyPurpose.DocumentSigner } && caller.CanSee(record.Owner) ? record : null;
    }

    private static KeyAlgorithm ResolveAlgorithm(string? requested, CertificateProfile profile)
    {
        if (requested is null)
        {
            return KeyAlgorithm.EcdsaP256;
        }

        if (!KeyAlgorithmNames.TryParse(requested, out var algorithm))
        {
            throw CaException.Unprocessable("unsupported-key", $"Key algorithm '{requested}' is not supported. Supported: {string.Join(", ", KeyAlgorithmNames.All)}.", "keyAlgorithm");
        }

        if (!profile.AllowedKeyAlgorithms.Contains(algorithm.Value))
        {
            throw CaException.Unprocessable("key-not-allowed", $"Profile '{profile.Name}' does not allow {algorithm.Value.ToName()} keys.", "keyAlgorithm");
        }

        return algorithm.Value;
    }

    private async Task<string> ResolveOwnerAsync(string? owner, CallerContext caller, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(owner) || owner == caller.Organization)
        {
            return caller.Organization;
        }

        var account = await accounts.FindAsync(owner, cancellationToken).ConfigureAwait(false);
        return account is { DeletedAt: null }
            ? account.Id
            : throw CaException.Unprocessable("unknown-owner", $"No account '{owner}' to own the signer.", "owner");
    }

    private async Task<CertificateAuthority> ResolveIssuerAsync(string caId, CancellationToken cancellationToken)
    {
        var issuer = await authorities.FindAsync(caId, cancellationToken).ConfigureAwait(false)
            ?? throw CaException.Conflict("issuer-missing", $"The issuing CA '{caId}' does not exist.");
        if (issuer.Record.Status != AuthorityStatus.Active || issuer.IsRoot)
        {
            throw CaException.Conflict("issuer-not-active", $"CA '{caId}' cannot issue signer certificates.");
        }

        return issuer;
    }
}
