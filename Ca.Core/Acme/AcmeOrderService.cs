using System.Text.Json;
using Ca.Core.Acme.Jws;
using Ca.Core.Audit;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Core.Profiles;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.Asn1.X509;

namespace Ca.Core.Acme;

/// <summary>An order as the client sees it now: its derived status and its authorizations.</summary>
/// <param name="Order">The stored order.</param>
/// <param name="Status">pending/ready/processing/valid/invalid as of now.</param>
public sealed record AcmeOrderView(AcmeOrder Order, AcmeOrderStatus Status);

/// <summary>
/// Orders (RFC 8555 7.4): creation with per-account limits and authorization reuse, their derived
/// status, the list of an account's orders, and finalization through the very same
/// <see cref="IssuanceService"/> and profile rules as the REST API.
/// </summary>
public sealed class AcmeOrderService
{
    private readonly IAcmeStore store;
    private readonly IssuanceService issuance;
    private readonly IProfileCatalog profiles;
    private readonly RenewalInfoService renewalInfo;
    private readonly TimeProvider clock;
    private readonly AcmeOptions options;

    /// <summary>Creates the service.</summary>
    public AcmeOrderService(IAcmeStore store, IssuanceService issuance, IProfileCatalog profiles, RenewalInfoService renewalInfo, TimeProvider clock, IOptions<AcmeOptions> options)
    {
        this.renewalInfo = renewalInfo;
        this.store = store;
        this.issuance = issuance;
        this.profiles = profiles;
        this.clock = clock;
        this.options = options.Value;
    }

    /// <summary>The profile ACME issues under.</summary>
    public CertificateProfile Profile => profiles.Find(options.Profile)
        ?? throw new AcmeException(AcmeErrors.ServerInternal, $"The ACME profile '{options.Profile}' does not exist.", 500);

    /// <summary>newOrder: checks identifiers against the profile, applies the account's limits, and creates or reuses authorizations.</summary>
    public async Task<AcmeOrderView> NewOrderAsync(VerifiedAcmeRequest request, string? correlationId, CancellationToken cancellationToken)
    {
        var account = request.Account!;
        var payload = request.Message.PayloadObject();
        if (payload.TryGetProperty("notBefore", out _) || payload.TryGetProperty("notAfter", out _))
        {
            throw AcmeException.Malformed("notBefore and notAfter are not supported; the profile decides the validity.");
        }

        var identifiers = ParseIdentifiers(payload, Profile);
        var replaces = payload.TryGetProperty("replaces", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        if (replaces is not null)
        {
            await CheckReplacesAsync(account, replaces, cancellationToken).ConfigureAwait(false);
        }

        var now = clock.GetUtcNow();
        await CheckLimitsAsync(account, now, cancellationToken).ConfigureAwait(false);

        var expires = now + options.OrderLifetime;
        var authorizationIds = new List<string>();
        var created = new List<AcmeAuthorization>();
        foreach (var identifier in identifiers)
        {
            var target = identifier.Authorized;
            var reusable = await store.FindValidAuthorizationAsync(account.Id, target, identifier.IsWildcard, now.AddMinutes(5), cancellationToken).ConfigureAwait(false);
            if (reusable is not null)
            {
                authorizationIds.Add(reusable.Id);
                expires = reusable.Expires < expires ? reusable.Expires : expires;
                continue;
            }

            var authorization = new AcmeAuthorization(AcmeIds.New(), account.Id, target, identifier.IsWildcard, AcmeAuthorizationStatus.Pending,
                now + options.OrderLifetime, ChallengesFor(target, identifier.IsWildcard));
            created.Add(authorization);
            authorizationIds.Add(authorization.Id);
        }

        var order = new AcmeOrder(AcmeIds.New(), account.Id, AcmeOrderStatus.Pending, expires, identifiers, authorizationIds, now, Replaces: replaces);
        await store.AddOrderAsync(order, created,
            [AuditEvent.Succeeded(clock.GetUtcNow(), AcmeAuditActions.OrderCreated, order.Id, AcmeIds.CallerFor(account, correlationId),
                new { acmeAccount = account.Id, identifiers = identifiers.Select(i => i.ToSanText()), newAuthorizations = created.Count, replaces })],
            cancellationToken).ConfigureAwait(false);
        return await ViewAsync(order, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An order of the signing account.</summary>
    public async Task<AcmeOrderView> GetAsync(AcmeAccount account, string orderId, CancellationToken cancellationToken)
    {
        var order = await store.FindOrderAsync(orderId, cancellationToken).ConfigureAwait(false);
        return order is not null && order.AccountId == account.Id
            ? await ViewAsync(order, cancellationToken).ConfigureAwait(false)
            : throw AcmeException.NotFound("Order");
    }

    /// <summary>One page of the account's unexpired orders (RFC 8555 7.1.2.1).</summary>
    public Task<(IReadOnlyList<string> Ids, bool More)> ListAsync(AcmeAccount account, int page, int pageSize, CancellationToken cancellationToken) =>
        store.ListOrderIdsAsync(account.Id, clock.GetUtcNow(), Math.Max(0, page) * pageSize, pageSize, cancellationToken);

    /// <summary>
    /// finalize (RFC 8555 7.4): the CSR must name exactly the order's identifiers, and not with the
    /// account's own key. The order goes processing, the certificate is issued by
    /// <see cref="IssuanceService"/> under the ACME profile, and the order goes valid. A CSR the profile
    /// refuses is badCSR with the profile's reason, and the order is ready again for a corrected CSR.
    /// </summary>
    public async Task<AcmeOrderView> FinalizeAsync(VerifiedAcmeRequest request, string orderId, string? correlationId, CancellationToken cancellationToken)
    {
        var account = request.Account!;
        var view = await GetAsync(account, orderId, cancellationToken).ConfigureAwait(false);
        if (view.Status != AcmeOrderStatus.Ready)
        {
            throw new AcmeException(AcmeErrors.OrderNotReady, $"The order is {Wire(view.Status)}; it can be finalized only when ready (every authorization valid).", 403);
        }

        var payload = request.Message.PayloadObject();
        var der = payload.TryGetProperty("csr", out var csrText) && csrText.ValueKind == JsonValueKind.String ? Base64Url.TryDecode(csrText.GetString()) : null;
        if (der is null || der.Length == 0)
        {
            throw AcmeException.Malformed("finalize needs csr: the DER CSR in base64url.");
        }

        ParsedCsr csr;
        try
        {
            csr = CsrParser.Parse(der);
        }
        catch (CaException e)
        {
            throw new AcmeException(AcmeErrors.BadCsr, $"{e.Message} ({e.Code})");
        }

        var commonName = CheckNames(csr, view.Order.Identifiers);
        if (JsonWebKey.FromSubjectPublicKeyInfo(csr.PublicKeyInfo)?.Thumbprint == account.KeyThumbprint)
        {
            throw new AcmeException(AcmeErrors.BadCsr, "The CSR uses the account key; certify a different key (RFC 8555 11.1).");
        }

        var caller = AcmeIds.CallerFor(account, correlationId);
        var processing = view.Order with { Status = AcmeOrderStatus.Processing };
        await store.UpdateOrderAsync(processing, AcmeOrderStatus.Pending,
            [AuditEvent.Succeeded(clock.GetUtcNow(), AcmeAuditActions.OrderProcessing, orderId, caller, new { acmeAccount = account.Id })], cancellationToken).ConfigureAwait(false);

        IssuanceResult result;
        try
        {
            result = await issuance.SubmitAsync(new IssuanceRequest
            {
                Profile = options.Profile,
                Csr = Pem.Encode("CERTIFICATE REQUEST", der),
                Subject = commonName is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["CN"] = commonName },
                Sans = view.Order.Identifiers.Select(i => i.ToSanText()).ToList(),
            }, caller, cancellationToken).ConfigureAwait(false);
        }
        catch (CaException e) when (e.Kind is CaErrorKind.BadRequest or CaErrorKind.Unprocessable)
        {
            await store.UpdateOrderAsync(view.Order, AcmeOrderStatus.Processing,
                [AuditEvent.Succeeded(clock.GetUtcNow(), AcmeAuditActions.OrderFinalizeRefused, orderId, caller, new { acmeAccount = account.Id, code = e.Code, reason = e.Message })],
                CancellationToken.None).ConfigureAwait(false);
            throw new AcmeException(AcmeErrors.BadCsr, $"{e.Message} ({e.Code})");
        }
        catch (CaException e)
        {
            await FailAsync(processing, new AcmeError(AcmeErrors.ServerInternal, e.Message, 500), caller).ConfigureAwait(false);
            throw new AcmeException(AcmeErrors.ServerInternal, e.Message, 500);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // An unexpected fault (storage down): the order must not stay processing for ever.
            await FailAsync(processing, new AcmeError(AcmeErrors.ServerInternal, "Issuance failed; place a new order.", 500), caller).ConfigureAwait(false);
            throw;
        }

        if (result.Certificate is not { } certificate)
        {
            var error = new AcmeError(AcmeErrors.ServerInternal, $"Profile '{options.Profile}' needs an officer's approval, which ACME cannot wait for.", 500);
            await FailAsync(processing, error, caller).ConfigureAwait(false);
            throw new AcmeException(error.Type, error.Detail, 500);
        }

        var valid = processing with { Status = AcmeOrderStatus.Valid, CertificateSerial = certificate.SerialNumber, CertificateIssuerId = certificate.IssuerId };
        await store.UpdateOrderAsync(valid, AcmeOrderStatus.Processing,
            [AuditEvent.Succeeded(clock.GetUtcNow(), AcmeAuditActions.OrderValid, orderId, caller, new { acmeAccount = account.Id, serial = certificate.SerialNumber, caId = certificate.IssuerId })],
            CancellationToken.None).ConfigureAwait(false);
        return new AcmeOrderView(valid, AcmeOrderStatus.Valid);
    }

    /// <summary>The wire name of a status.</summary>
    public static string Wire(AcmeOrderStatus status) => status.ToString().ToLowerInvariant();

    private async Task FailAsync(AcmeOrder processing, AcmeError error, CallerContext caller) =>
        await store.UpdateOrderAsync(processing with { Status = AcmeOrderStatus.Invalid, Error = error }, AcmeOrderStatus.Processing,
            [AuditEvent.Succeeded(clock.GetUtcNow(), AcmeAuditActions.OrderInvalid, processing.Id, caller, new { acmeAccount = processing.AccountId, error = error.Detail })],
            CancellationToken.None).ConfigureAwait(false);

    private async Task<AcmeOrderView> ViewAsync(AcmeOrder order, CancellationToken cancellationToken)
    {
        if (order.Status != AcmeOrderStatus.Pending)
        {
            return new AcmeOrderView(order, order.Status);
        }

        var now = clock.GetUtcNow();
        if (order.Expires <= now)
        {
            return new AcmeOrderView(order, AcmeOrderStatus.Invalid);
        }

        var authorizations = await store.FindAuthorizationsAsync(order.AuthorizationIds, cancellationToken).ConfigureAwait(false);
        var statuses = authorizations.Select(a => a.StatusAt(now)).ToList();
        var status = statuses.Count < order.AuthorizationIds.Count || statuses.Any(s => s is not (AcmeAuthorizationStatus.Pending or AcmeAuthorizationStatus.Valid))
            ? AcmeOrderStatus.Invalid
            : statuses.All(s => s == AcmeAuthorizationStatus.Valid) ? AcmeOrderStatus.Ready : AcmeOrderStatus.Pending;
        return new AcmeOrderView(order, status);
    }

    /// <summary>RFC 9773 5: "replaces" must name a certificate this account ordered.</summary>
    private async Task CheckReplacesAsync(AcmeAccount account, string replaces, CancellationToken cancellationToken)
    {
        var certificate = await renewalInfo.FindAsync(replaces, cancellationToken).ConfigureAwait(false);
        var order = certificate is null ? null : await store.FindOrderByCertificateAsync(certificate.SerialNumber, cancellationToken).ConfigureAwait(false);
        if (order is null || order.AccountId != account.Id)
        {
            throw AcmeException.Malformed($"replaces '{replaces}' does not name a certificate this account ordered.");
        }
    }

    private async Task CheckLimitsAsync(AcmeAccount account, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var recent = await store.CountOrdersSinceAsync(account.Id, now - options.RateLimitWindow, cancellationToken).ConfigureAwait(false);
        if (recent >= options.OrdersPerAccountPerWindow)
        {
            throw new AcmeException(AcmeErrors.RateLimited, $"This account created {recent} orders in the last {options.RateLimitWindow}; the limit is {options.OrdersPerAccountPerWindow}.", 429)
            {
                RetryAfterSeconds = (int)Math.Ceiling(Math.Min(options.RateLimitWindow.TotalSeconds, 3600)),
            };
        }

        var pending = await store.CountPendingAuthorizationsAsync(account.Id, now, cancellationToken).ConfigureAwait(false);
        if (pending >= options.MaxPendingAuthorizationsPerAccount)
        {
            throw new AcmeException(AcmeErrors.RateLimited, $"This account holds {pending} pending authorizations; complete or deactivate some first.", 429) { RetryAfterSeconds = 60 };
        }
    }

    private static IReadOnlyList<AcmeIdentifier> ParseIdentifiers(JsonElement payload, CertificateProfile profile)
    {
        if (!payload.TryGetProperty("identifiers", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            throw AcmeException.Malformed("newOrder needs a non-empty identifiers array.");
        }

        if (list.GetArrayLength() > profile.MaxSubjectAltNames)
        {
            throw new AcmeException(AcmeErrors.RejectedIdentifier, $"An order may name at most {profile.MaxSubjectAltNames} identifiers.");
        }

        var identifiers = new List<AcmeIdentifier>();
        var problems = new List<AcmeSubproblem>();
        foreach (var entry in list.EnumerateArray())
        {
            var type = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var value = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            try
            {
                var identifier = AcmeIdentifier.Normalize(type, value);
                CheckAllowed(identifier, profile);
                if (!identifiers.Contains(identifier))
                {
                    identifiers.Add(identifier);
                }
            }
            catch (AcmeException e)
            {
                problems.Add(new AcmeSubproblem(e.Type, e.Message, new AcmeIdentifier(type ?? string.Empty, value ?? string.Empty)));
            }
        }

        if (problems.Count > 0)
        {
            var type = problems.Select(p => p.Type).Distinct().Count() == 1 ? problems[0].Type : AcmeErrors.RejectedIdentifier;
            throw new AcmeException(type, problems.Count == 1 ? problems[0].Detail : $"{problems.Count} identifiers were refused; see subproblems.", 400, problems);
        }

        return identifiers;
    }

    private static void CheckAllowed(AcmeIdentifier identifier, CertificateProfile profile)
    {
        var sanType = identifier.Type == AcmeIdentifier.Ip ? SanType.Ip : SanType.Dns;
        if (!profile.AllowedSanTypes.Contains(sanType))
        {
            throw new AcmeException(AcmeErrors.RejectedIdentifier, $"Profile '{profile.Name}' does not issue for {identifier.Type} identifiers.");
        }

        if (identifier.IsWildcard && !profile.AllowWildcardDnsNames)
        {
            throw new AcmeException(AcmeErrors.RejectedIdentifier, $"Profile '{profile.Name}' does not issue wildcard names ({identifier.Value}).");
        }
    }

    private static IReadOnlyList<AcmeChallenge> ChallengesFor(AcmeIdentifier identifier, bool wildcard)
    {
        // RFC 8555 7.1.3: a wildcard is proven for its base domain by DNS only; RFC 8738 4: no dns-01 for IPs.
        if (wildcard)
        {
            return [new AcmeChallenge(AcmeChallengeTypes.Dns01, AcmeIds.NewToken(), AcmeChallengeStatus.Pending)];
        }

        var token = AcmeIds.NewToken();
        return identifier.Type == AcmeIdentifier.Ip
            ? [new(AcmeChallengeTypes.Http01, token, AcmeChallengeStatus.Pending), new(AcmeChallengeTypes.TlsAlpn01, AcmeIds.NewToken(), AcmeChallengeStatus.Pending)]
            : [new(AcmeChallengeTypes.Http01, token, AcmeChallengeStatus.Pending), new(AcmeChallengeTypes.TlsAlpn01, AcmeIds.NewToken(), AcmeChallengeStatus.Pending), new(AcmeChallengeTypes.Dns01, AcmeIds.NewToken(), AcmeChallengeStatus.Pending)];
    }

    /// <summary>
    /// The CSR must ask for exactly the order's identifiers (its SANs; a CN, if any, must be one of them).
    /// Returns the CN to put in the certificate: the CSR's, else the first name short enough for a CN.
    /// </summary>
    private static string? CheckNames(ParsedCsr csr, IReadOnlyList<AcmeIdentifier> ordered)
    {
        var requested = new HashSet<AcmeIdentifier>();
        foreach (var san in csr.RequestedSans)
        {
            requested.Add(san.Type switch
            {
                SanType.Dns => Normalized(AcmeIdentifier.Dns, san.Value),
                SanType.Ip => Normalized(AcmeIdentifier.Ip, san.Value),
                _ => throw new AcmeException(AcmeErrors.BadCsr, $"The CSR asks for {san}, which is not a DNS name or IP address."),
            });
        }

        var cn = csr.Subject.GetValueList(X509Name.CN).FirstOrDefault();
        AcmeIdentifier? cnIdentifier = null;
        if (cn is not null)
        {
            cnIdentifier = System.Net.IPAddress.TryParse(cn, out _) ? Normalized(AcmeIdentifier.Ip, cn) : Normalized(AcmeIdentifier.Dns, cn);
            requested.Add(cnIdentifier);
        }

        var expected = ordered.ToHashSet();
        if (!requested.SetEquals(expected))
        {
            var extra = requested.Except(expected).Select(i => i.Value).ToList();
            var missing = expected.Except(requested).Select(i => i.Value).ToList();
            throw new AcmeException(AcmeErrors.BadCsr,
                $"The CSR must name exactly the order's identifiers ({string.Join(", ", ordered.Select(i => i.Value))})"
                + (extra.Count > 0 ? $"; not in the order: {string.Join(", ", extra)}" : string.Empty)
                + (missing.Count > 0 ? $"; missing: {string.Join(", ", missing)}" : string.Empty) + ".");
        }

        if (cnIdentifier is not null)
        {
            return cnIdentifier.Value;
        }

        return ordered.Select(i => i.Value).FirstOrDefault(v => v.Length <= 64);
    }

    private static AcmeIdentifier Normalized(string type, string value)
    {
        try
        {
            return AcmeIdentifier.Normalize(type, value);
        }
        catch (AcmeException e)
        {
            throw new AcmeException(AcmeErrors.BadCsr, $"The CSR names {value}: {e.Message}");
        }
    }
}
