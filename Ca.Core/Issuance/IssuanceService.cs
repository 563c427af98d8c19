using Ca.Core.Audit;
using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Keys;
using Ca.Core.Profiles;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ca.Core.Issuance;

/// <summary>
/// The issuing authority: takes a request, applies the profile, and either parks it for an officer
/// or signs and records the certificate. Every outcome that changes state is stored with its audit
/// event in one transaction before the caller hears about it.
/// </summary>
public sealed class IssuanceService
{
    private const int SerialAttempts = 3;
    private readonly IProfileCatalog profiles;
    private readonly AuthorityRegistry authorities;
    private readonly IIssuanceStore store;
    private readonly PublicUrls urls;
    private readonly TimeProvider clock;
    private readonly IssuanceOptions options;
    private readonly HierarchyOptions hierarchy;
    private readonly bool advertiseDeltaCrl;

    /// <summary>Creates the service.</summary>
    public IssuanceService(
        IProfileCatalog profiles,
        AuthorityRegistry authorities,
        IIssuanceStore store,
        PublicUrls urls,
        TimeProvider clock,
        IOptions<IssuanceOptions> options,
        IOptions<HierarchyOptions> hierarchy,
        IOptions<Revocation.CrlOptions> crl)
    {
        advertiseDeltaCrl = crl.Value.EnableDelta;
        this.profiles = profiles;
        this.authorities = authorities;
        this.store = store;
        this.urls = urls;
        this.clock = clock;
        this.options = options.Value;
        this.hierarchy = hierarchy.Value;
    }

    /// <summary>Validates a request against its profile and issues it, or stores it for approval.</summary>
    public async Task<IssuanceResult> SubmitAsync(IssuanceRequest request, CallerContext caller, CancellationToken cancellationToken)
    {
        var profile = profiles.Find(request.Profile ?? string.Empty)
            ?? throw CaException.Unprocessable("unknown-profile", $"Profile '{request.Profile}' does not exist. Known: {string.Join(", ", profiles.All.Select(p => p.Name))}.", "profile");
        var issuer = await ResolveIssuerAsync(request.CaId ?? profile.IssuingCaId ?? hierarchy.DefaultIssuingCaId, request.CaId is null ? null : "caId", cancellationToken).ConfigureAwait(false);

        ParsedCsr? csr = null;
        KeyAlgorithm? generatedAlgorithm = null;
        var pkcs12Format = Pkcs12Format.Modern;
        if (!string.IsNullOrWhiteSpace(request.Csr))
        {
            if (request.KeyAlgorithm is not null)
            {
                throw CaException.BadRequest("ambiguous-key-source", "Send either a CSR or keyAlgorithm for server-side key generation, not both.", "keyAlgorithm");
            }

            csr = CsrParser.Parse(request.Csr);
            KeyPolicy.Check(csr.Key, profile);
        }
        else if (request.KeyAlgorithm is not null)
        {
            generatedAlgorithm = CheckServerKeyGeneration(request, profile);
            pkcs12Format = ParsePkcs12Format(request.Pkcs12Format);
        }
        else
        {
            throw CaException.BadRequest("missing-key-source", "Send a CSR (csr) or ask for server-side key generation (keyAlgorithm + pkcs12Password).", "csr");
        }

        var validatedSubject = SubjectNames.Validate(
            request.Subject is not null ? SubjectNames.FromRequest(request.Subject)
            : csr is not null ? SubjectNames.FromName(csr.Subject)
            : [],
            profile);
        var sans = SubjectAltNames.Validate(
            request.Sans is not null ? request.Sans.Select((s, i) => SubjectAltNames.Parse(s, $"sans[{i}]")).ToList()
            : csr?.RequestedSans ?? [],
            profile);
        BaselineSubjectRules.Check(validatedSubject, profile);
        var subject = CommonNameAlignment.Align(validatedSubject, sans, profile);
        if (subject.Count == 0 && sans.Count == 0)
        {
            throw CaException.Unprocessable("empty-identity", "A certificate needs a subject or at least one subjectAltName.", "subject");
        }

        var days = ValidityPolicy.ResolveDays(request.ValidityDays, profile);
        var now = clock.GetUtcNow();
        var record = new CertificateRequestRecord
        {
            // Time-ordered (RFC 9562 version 7, 74 random bits): new requests append to the end of the
            // id indexes instead of landing on a random page of each.
            Id = Guid.CreateVersion7(now),
            Profile = profile.Name,
            CaId = issuer.Id,
            Status = RequestStatus.Pending,
            Requester = caller.Organization,
            SubmittedBy = caller.ActorId,
            CsrDer = csr?.Der,
            Subject = subject,
            Sans = sans,
            ValidityDays = days,
            KeyAlgorithm = generatedAlgorithm?.ToName(),
            SubmittedAt = now,
        };

        if (profile.RequiresApproval)
        {
            var audit = AuditEvent.Succeeded(clock.GetUtcNow(), AuditActions.RequestSubmitted, record.Id.ToString(), caller, new { profile = profile.Name, caId = issuer.Id });
            await store.SaveRequestAsync(record, [audit], cancellationToken).ConfigureAwait(false);
            return new IssuanceResult(record, null);
        }

        var decided = record with { Status = RequestStatus.Issued, DecidedAt = now, DecidedBy = "system:auto-approval" };
        return await IssueAsync(decided, profile, issuer, csr, generatedAlgorithm, (request.Pkcs12Password, pkcs12Format), caller, isNew: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An officer approves a pending request; the certificate is issued exactly as it was checked.</summary>
    public async Task<IssuanceResult> ApproveAsync(Guid requestId, CallerContext officer, CancellationToken cancellationToken)
    {
        var pending = await LoadPendingAsync(requestId, officer, cancellationToken).ConfigureAwait(false);
        if (pending.KeyAlgorithm is not null)
        {
            throw CaException.Conflict("approval-not-possible", "Requests with server-side key generation cannot be approved later; the requester must submit again.");
        }

        var profile = profiles.Find(pending.Profile)
            ?? throw CaException.Conflict("profile-removed", $"Profile '{pending.Profile}' no longer exists.");
        var issuer = await ResolveIssuerAsync(pending.CaId, null, cancellationToken).ConfigureAwait(false);
        var csr = CsrParser.Parse(pending.CsrDer!);
        KeyPolicy.Check(csr.Key, profile);
        var decided = pending with { Status = RequestStatus.Issued, DecidedAt = clock.GetUtcNow(), DecidedBy = officer.ActorId };
        return await IssueAsync(decided, profile, issuer, csr, null, (null, Pkcs12Format.Modern), officer, isNew: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An officer rejects a pending request, with a reason the requester will see.</summary>
    public async Task<CertificateRequestRecord> RejectAsync(Guid requestId, string reason, CallerContext officer, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 1000)
        {
            throw CaException.BadRequest("invalid-reason", "A rejection needs a reason of 1 to 1000 characters.", "reason");
        }

        var pending = await LoadPendingAsync(requestId, officer, cancellationToken).ConfigureAwait(false);
        var rejected = pending with { Status = RequestStatus.Rejected, DecidedAt = clock.GetUtcNow(), DecidedBy = officer.ActorId, DecisionReason = reason.Trim() };
        var audit = AuditEvent.Succeeded(clock.GetUtcNow(), AuditActions.RequestRejected, requestId.ToString(), officer, new { reason = rejected.DecisionReason });
        await store.SaveRequestAsync(rejected, [audit], cancellationToken).ConfigureAwait(false);
        return rejected;
    }

    /// <summary>
    /// Requests visible to the caller, newest first. Officers, auditors and admins may narrow to one
    /// organization with <paramref name="organization"/>; everyone else only ever sees their own.
    /// </summary>
    public Task<PagedResult<CertificateRequestRecord>> QueryRequestsAsync(RequestStatus? status, int page, int pageSize, CallerContext caller, CancellationToken cancellationToken, string? organization = null)
    {
        Paging.Validate(page, pageSize);

        return store.QueryRequestsAsync(status, caller.SeesAllSubscribers ? organization : caller.Organization, page, pageSize, cancellationToken);
    }

    /// <summary>
    /// Expires pending requests older than the configured lifetime, so nothing waits for an officer
    /// forever and an approval cannot resurrect a stale request. Returns how many expired.
    /// </summary>
    public async Task<int> ExpireStalePendingAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var stale = await store.ListPendingSubmittedBeforeAsync(now.AddDays(-options.PendingRequestLifetimeDays), 500, cancellationToken).ConfigureAwait(false);
        var system = CallerContext.System("request-expiry");
        var expired = 0;
        foreach (var request in stale)
        {
            var updated = request with { Status = RequestStatus.Expired, DecidedAt = now, DecidedBy = system.ActorId, DecisionReason = $"not decided within {options.PendingRequestLifetimeDays} days" };
            try
            {
                await store.SaveRequestAsync(updated, [AuditEvent.Succeeded(clock.GetUtcNow(), AuditActions.RequestExpired, request.Id.ToString(), system, new { submittedAt = request.SubmittedAt })], cancellationToken).ConfigureAwait(false);
                expired++;
            }
            catch (CaException e) when (e.Kind == CaErrorKind.Conflict)
            {
                // Decided by an officer meanwhile: nothing to expire.
            }
        }

        return expired;
    }

    /// <summary>A request by id, or null when it does not exist or the caller may not see it.</summary>
    public async Task<CertificateRequestRecord?> FindRequestAsync(Guid id, CallerContext caller, CancellationToken cancellationToken)
    {
        var request = await store.FindRequestAsync(id, cancellationToken).ConfigureAwait(false);
        return request is not null && caller.CanSee(request.Requester) ? request : null;
    }

    /// <summary>A certificate by serial, or null when it does not exist or the caller may not see it.</summary>
    public async Task<IssuedCertificateRecord?> FindCertificateAsync(SerialNumber serial, CallerContext caller, CancellationToken cancellationToken)
    {
        var certificate = await store.FindCertificateAsync(serial.Hex, null, cancellationToken).ConfigureAwait(false);
        return certificate is not null && caller.CanSee(certificate.Owner) ? certificate : null;
    }

    /// <summary>Lists certificates; a requester only ever sees its own.</summary>
    public Task<PagedResult<IssuedCertificateRecord>> QueryCertificatesAsync(CertificateQuery query, CallerContext caller, CancellationToken cancellationToken)
    {
        if (!caller.SeesAllSubscribers)
        {
            query = query with { Owner = caller.Organization };
        }

        Paging.Validate(query.Page, query.PageSize);

        return store.QueryCertificatesAsync(query with { AsOf = clock.GetUtcNow() }, cancellationToken);
    }

    private async Task<IssuanceResult> IssueAsync(
        CertificateRequestRecord decided,
        CertificateProfile profile,
        CertificateAuthority issuer,
        ParsedCsr? csr,
        KeyAlgorithm? generatedAlgorithm,
        (string? Password, Pkcs12Format Format) pkcs12Protection,
        CallerContext caller,
        bool isNew,
        CancellationToken cancellationToken)
    {
        using var generatedKey = generatedAlgorithm is { } algorithm ? SigningKey.Generate(algorithm) : null;
        var publicKey = csr?.PublicKeyInfo ?? generatedKey!.PublicKeyInfo;
        var keyAlgorithm = csr?.Key.Algorithm ?? generatedKey!.Algorithm;
        var subject = SubjectNames.Encode(decided.Subject);
        var (notBefore, notAfter) = ValidityPolicy.Window(clock.GetUtcNow(), decided.ValidityDays, options.BackdateSeconds, issuer.NotAfter);

        for (var attempt = 1; ; attempt++)
        {
            var serial = SerialNumber.NewRandom();
            var certificate = LeafCertificateBuilder.Build(
                new LeafCertificateBuilder.Template(issuer, profile, subject, publicKey, keyAlgorithm, decided.Sans, serial, notBefore, notAfter), urls, advertiseDeltaCrl);
            var issued = new IssuedCertificateRecord
            {
                IssuerId = issuer.Id,
                SerialNumber = serial.Hex,
                Subject = SubjectNames.Display(decided.Subject),
                Sans = decided.Sans.Select(s => s.ToString()).ToList(),
                Profile = profile.Name,
                NotBefore = notBefore,
                NotAfter = notAfter,
                Der = certificate.GetEncoded(),
                Status = CertificateStatus.Valid,
                RequestId = decided.Id,
                Owner = decided.Requester,
                IssuedAt = clock.GetUtcNow(),
            };
            var request = decided with { CertificateSerial = serial.Hex };
            var audit = new List<AuditEvent>();
            if (!isNew)
            {
                audit.Add(AuditEvent.Succeeded(clock.GetUtcNow(), AuditActions.RequestApproved, request.Id.ToString(), caller, new { profile = profile.Name }));
            }

            audit.Add(AuditEvent.Succeeded(clock.GetUtcNow(), AuditActions.CertificateIssued, serial.Hex, caller, new { request = request.Id, profile = profile.Name, caId = issuer.Id, subject = issued.Subject }));
            try
            {
                await (isNew
                    ? store.SaveNewIssuedAsync(request, issued, audit, cancellationToken)
                    : store.SaveIssuedAsync(request, issued, audit, cancellationToken)).ConfigureAwait(false);
            }
            catch (SerialNumberCollisionException) when (attempt < SerialAttempts)
            {
                continue;
            }

            var pkcs12 = generatedKey is null
                ? null
                : Pkcs12Exporter.Export(generatedKey, certificate, (await authorities.ChainAsync(issuer.Id, cancellationToken).ConfigureAwait(false)).Select(a => a.Certificate).ToList(), pkcs12Protection.Password!, SubjectNames.CommonName(decided.Subject) ?? serial.Hex, pkcs12Protection.Format);
            return new IssuanceResult(request, issued, pkcs12);
        }
    }

    private KeyAlgorithm CheckServerKeyGeneration(IssuanceRequest request, CertificateProfile profile)
    {
        if (!KeyAlgorithmNames.TryParse(request.KeyAlgorithm, out var algorithm))
        {
            throw CaException.Unprocessable("unsupported-key", $"Key algorithm '{request.KeyAlgorithm}' is not supported. Supported: {string.Join(", ", KeyAlgorithmNames.All)}.", "keyAlgorithm");
        }

        if (!profile.AllowedKeyAlgorithms.Contains(algorithm.Value))
        {
            throw CaException.Unprocessable("key-not-allowed", $"Profile '{profile.Name}' does not allow {algorithm.Value.ToName()} keys.", "keyAlgorithm");
        }

        if (!profile.AllowServerKeyGeneration)
        {
            throw CaException.Unprocessable("keygen-not-allowed", $"Profile '{profile.Name}' does not allow server-side key generation; send a CSR.", "keyAlgorithm");
        }

        if (profile.RequiresApproval)
        {
            throw CaException.Unprocessable("keygen-not-allowed", $"Profile '{profile.Name}' requires officer approval, and a generated key is never stored while it waits; send a CSR instead.", "keyAlgorithm");
        }

        if (request.Subject is null)
        {
            throw CaException.BadRequest("missing-subject", "Server-side key generation needs the subject in the request.", "subject");
        }

        if (string.IsNullOrEmpty(request.Pkcs12Password) || request.Pkcs12Password.Length < options.MinimumPkcs12PasswordLength)
        {
            throw CaException.Unprocessable("weak-password", $"pkcs12Password must be at least {options.MinimumPkcs12PasswordLength} characters.", "pkcs12Password");
        }

        return algorithm.Value;
    }

    private static Pkcs12Format ParsePkcs12Format(string? format) =>
        format?.Trim().ToLowerInvariant() switch
        {
            null or "" or "modern" => Pkcs12Format.Modern,
            "legacy" => Pkcs12Format.Legacy,
            _ => throw CaException.BadRequest("invalid-pkcs12-format", $"pkcs12Format '{format}' is not known; use modern (default) or legacy (3DES/SHA-1, for old Windows only).", "pkcs12Format"),
        };

    private async Task<CertificateAuthority> ResolveIssuerAsync(string caId, string? field, CancellationToken cancellationToken)
    {
        var issuer = await authorities.FindAsync(caId, cancellationToken).ConfigureAwait(false)
            ?? throw CaException.Unprocessable("unknown-ca", $"CA '{caId}' does not exist.", field ?? "caId");
        if (issuer.IsRoot)
        {
            throw CaException.Unprocessable("root-cannot-issue", $"CA '{caId}' is a root; subscriber certificates come from an issuing CA.", field ?? "caId");
        }

        if (issuer.Record.Status != AuthorityStatus.Active)
        {
            throw CaException.Conflict("ca-not-issuing", $"CA '{caId}' is {issuer.Record.Status.ToString().ToLowerInvariant()} and no longer issues certificates.");
        }

        return issuer;
    }

    private async Task<CertificateRequestRecord> LoadPendingAsync(Guid requestId, CallerContext officer, CancellationToken cancellationToken)
    {
        var pending = await store.FindRequestAsync(requestId, cancellationToken).ConfigureAwait(false)
            ?? throw CaException.NotFound("request-not-found", $"Certificate request {requestId} does not exist.");
        if (pending.Status != RequestStatus.Pending)
        {
            throw CaException.Conflict("request-not-pending", $"Certificate request {requestId} is {pending.Status.ToString().ToLowerInvariant()}, not pending.");
        }

        if (FourEyes.SameSide(pending, officer))
        {
            throw CaException.Forbidden("four-eyes", "An officer may not decide a request they submitted themselves.");
        }

        return pending;
    }
}
