using System.Text.Json;
using Ca.Core.Acme.Eab;
using Ca.Core.Acme.Jws;
using Ca.Core.Audit;
using Microsoft.Extensions.Options;

namespace Ca.Core.Acme;

/// <summary>
/// ACME accounts (RFC 8555 7.3): creation with external account binding, lookup by key, contact
/// updates, deactivation and key roll-over. Every change is stored with its audit event.
/// </summary>
public sealed class AcmeAccountService
{
    private const int MaxContacts = 5;
    private readonly IAcmeStore store;
    private readonly EabService eab;
    private readonly TimeProvider clock;
    private readonly AcmeOptions options;

    /// <summary>Creates the service.</summary>
    public AcmeAccountService(IAcmeStore store, EabService eab, TimeProvider clock, IOptions<AcmeOptions> options)
    {
        this.store = store;
        this.eab = eab;
        this.clock = clock;
        this.options = options.Value;
    }

    /// <summary>
    /// newAccount: returns the existing account of this key (created = false), or creates one. With
    /// EAB required (the default) a request without a valid binding is refused.
    /// </summary>
    public async Task<(AcmeAccount Account, bool Created)> NewAccountAsync(VerifiedAcmeRequest request, string newAccountUrl, string? correlationId, CancellationToken cancellationToken)
    {
        var payload = request.Message.PayloadObject();
        var existing = await store.FindAccountByThumbprintAsync(request.Key.Thumbprint, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing.Status == AcmeAccountStatus.Valid
                ? (existing, false)
                : throw AcmeException.Unauthorized($"The account of this key is {existing.Status.ToString().ToLowerInvariant()}.");
        }

        if (payload.TryGetProperty("onlyReturnExisting", out var only) && only.ValueKind == JsonValueKind.True)
        {
            throw new AcmeException(AcmeErrors.AccountDoesNotExist, "No account exists with this key.");
        }

        var contact = ParseContact(payload);
        EabCredential? credential = null;
        if (payload.TryGetProperty("externalAccountBinding", out var binding) && binding.ValueKind != JsonValueKind.Null)
        {
            credential = await eab.VerifyBindingAsync(binding, request.Key, newAccountUrl, cancellationToken).ConfigureAwait(false);
        }
        else if (options.ExternalAccountRequired)
        {
            throw new AcmeException(AcmeErrors.ExternalAccountRequired, "This server requires external account binding: ask your organization's administrator (or POST /api/v1/acme/eab) for a key id and HMAC key.");
        }

        var id = AcmeIds.New();
        var account = new AcmeAccount(id, request.Key.Thumbprint, request.Key.Canonical, AcmeAccountStatus.Valid, contact,
            credential?.Owner ?? "acme:" + id, credential?.KeyId, clock.GetUtcNow());
        var audit = AuditEvent.Succeeded(clock.GetUtcNow(), AcmeAuditActions.AccountCreated, id, AcmeIds.CallerFor(account, correlationId),
            new { acmeAccount = id, eab = credential?.KeyId, keyThumbprint = account.KeyThumbprint, contacts = contact.Count });
        try
        {
            await store.AddAccountAsync(account, credential?.KeyId, [audit], cancellationToken).ConfigureAwait(false);
        }
        catch (Common.CaException e) when (e.Kind == Common.CaErrorKind.Conflict)
        {
            throw AcmeException.Unauthorized(e.Message);
        }

        return (account, true);
    }

    /// <summary>Account update (RFC 8555 7.3.2, 7.3.6): contact, or status "deactivated"; an empty object or POST-as-GET just reads.</summary>
    public async Task<AcmeAccount> UpdateAsync(VerifiedAcmeRequest request, string accountId, string? correlationId, CancellationToken cancellationToken)
    {
        var account = OwnAccount(request, accountId);
        if (request.Message.IsPostAsGet)
        {
            return account;
        }

        var payload = request.Message.PayloadObject();
        var caller = AcmeIds.CallerFor(account, correlationId);
        if (payload.TryGetProperty("status", out var status))
        {
            if (status.ValueKind != JsonValueKind.String || status.GetString() != "deactivated")
            {
                throw AcmeException.Malformed("An account's status may only be set to \"deactivated\".");
            }

            var deactivated = account with { Status = AcmeAccountStatus.Deactivated };
            await store.UpdateAccountAsync(deactivated, AcmeAccountStatus.Valid,
                [AuditEvent.Succeeded(clock.GetUtcNow(), AcmeAuditActions.AccountDeactivated, account.Id, caller, new { acmeAccount = account.Id })], cancellationToken).ConfigureAwait(false);
            return deactivated;
        }

        if (payload.TryGetProperty("contact", out _))
        {
            var updated = account with { Contact = ParseContact(payload) };
            await store.UpdateAccountAsync(updated, AcmeAccountStatus.Valid,
                [AuditEvent.Succeeded(clock.GetUtcNow(), AcmeAuditActions.AccountUpdated, account.Id, caller, new { acmeAccount = account.Id, contacts = updated.Contact.Count })], cancellationToken).ConfigureAwait(false);
            return updated;
        }

        return account;
    }

    /// <summary>
    /// Key roll-over (RFC 8555 7.3.5): the outer JWS is signed by the current key, the inner one by the
    /// new key with the same url, and names the account and its old key. A new key already in use is a 409.
    /// </summary>
    public async Task<AcmeAccount> ChangeKeyAsync(VerifiedAcmeRequest request, string keyChangeUrl, string accountUrl, string? correlationId, CancellationToken cancellationToken)
    {
        var account = request.Account ?? throw AcmeException.Malformed("keyChange must be signed by the account (kid).");
        var inner = JwsMessage.Parse(request.Message.PayloadObject());
        if (inner.Jwk is not { } innerJwk || inner.KeyId is not null)
        {
            throw AcmeException.Malformed("The inner JWS of keyChange must carry the new key in jwk.");
        }

        if (inner.Nonce is not null)
        {
            throw AcmeException.Malformed("The inner JWS of keyChange must not carry a nonce.");
        }

        if (inner.Algorithm is not { } alg || !JsonWebKey.Algorithms.Contains(alg))
        {
            throw new AcmeException(AcmeErrors.BadSignatureAlgorithm, $"Algorithm '{inner.Algorithm}' is not supported; use one of {string.Join(", ", JsonWebKey.Algorithms)}.");
        }

        var newKey = JsonWebKey.Parse(innerJwk);
        if (!newKey.Verify(alg, inner.SigningInput, inner.Signature))
        {
            throw AcmeException.Malformed("The inner JWS signature does not match the new key.");
        }

        if (!string.Equals(inner.Url, keyChangeUrl, StringComparison.Ordinal))
        {
            throw AcmeException.Unauthorized("The inner JWS url must be the keyChange URL.");
        }

        var body = inner.PayloadObject();
        if (!body.TryGetProperty("account", out var named) || named.GetString() != accountUrl)
        {
            throw AcmeException.Unauthorized("keyChange names another account than the one that signed it.");
        }

        if (!body.TryGetProperty("oldKey", out var oldKey) || JsonWebKey.Parse(oldKey).Thumbprint != account.KeyThumbprint)
        {
            throw AcmeException.Unauthorized("keyChange oldKey is not the account's current key.");
        }

        var holder = await store.FindAccountByThumbprintAsync(newKey.Thumbprint, cancellationToken).ConfigureAwait(false);
        if (holder is not null)
        {
            throw new AcmeException(AcmeErrors.Malformed, "The new key is already in use by an account.", 409) { ConflictingAccountId = holder.Id };
        }

        var updated = account with { KeyThumbprint = newKey.Thumbprint, Jwk = newKey.Canonical };
        await store.UpdateAccountAsync(updated, AcmeAccountStatus.Valid,
            [AuditEvent.Succeeded(clock.GetUtcNow(), AcmeAuditActions.AccountKeyChanged, account.Id, AcmeIds.CallerFor(account, correlationId),
                new { acmeAccount = account.Id, oldThumbprint = account.KeyThumbprint, newThumbprint = newKey.Thumbprint })], cancellationToken).ConfigureAwait(false);
        return updated;
    }

    /// <summary>The signing account, which must be the one addressed.</summary>
    public static AcmeAccount OwnAccount(VerifiedAcmeRequest request, string accountId) =>
        request.Account is { } account && account.Id == accountId
            ? account
            : throw AcmeException.Unauthorized("A request about an account must be signed by that account.");

    private static IReadOnlyList<string> ParseContact(JsonElement payload)
    {
        if (!payload.TryGetProperty("contact", out var contact) || contact.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (contact.ValueKind != JsonValueKind.Array || contact.GetArrayLength() > MaxContacts)
        {
            throw new AcmeException(AcmeErrors.InvalidContact, $"contact must be an array of at most {MaxContacts} mailto: URLs.");
        }

        var result = new List<string>();
        foreach (var entry in contact.EnumerateArray())
        {
            var text = entry.ValueKind == JsonValueKind.String ? entry.GetString()! : throw new AcmeException(AcmeErrors.InvalidContact, "Each contact must be a string.");
            if (!text.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
            {
                throw new AcmeException(AcmeErrors.UnsupportedContact, $"Only mailto: contacts are supported, not '{text}'.");
            }

            var address = text["mailto:".Length..];
            if (address.Length is 0 or > 254 || address.Count(c => c == '@') != 1 || address.StartsWith('@') || address.EndsWith('@') || address.Any(c => c is ',' or '?' or ' ' or '<' or '>' || char.IsControl(c)))
            {
                throw new AcmeException(AcmeErrors.InvalidContact, $"'{text}' is not a single e-mail address.");
            }

            result.Add("mailto:" + address);
        }

        return result;
    }
}
