using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ca.Core.Accounts;
using Ca.Core.Acme.Jws;
using Ca.Core.Audit;
using Ca.Core.Common;
using Ca.Core.Keys;

namespace Ca.Core.Acme.Eab;

/// <summary>
/// External account binding credentials: created for a business (by itself or by an admin), shown
/// once, listed, revoked; and the RFC 8555 7.3.4 check of a newAccount's binding. The HMAC key is
/// stored only wrapped by the key protector (the KEK that also wraps CA keys).
/// </summary>
public sealed class EabService
{
    private static readonly Dictionary<string, HashAlgorithmName> MacAlgorithms = new(StringComparer.Ordinal)
    {
        ["HS256"] = HashAlgorithmName.SHA256,
        ["HS384"] = HashAlgorithmName.SHA384,
        ["HS512"] = HashAlgorithmName.SHA512,
    };

    private readonly IAcmeStore store;
    private readonly IAccountStore accounts;
    private readonly IKeyProtector protector;
    private readonly TimeProvider clock;

    /// <summary>Creates the service.</summary>
    public EabService(IAcmeStore store, IAccountStore accounts, IKeyProtector protector, TimeProvider clock)
    {
        this.store = store;
        this.accounts = accounts;
        this.protector = protector;
        this.clock = clock;
    }

    /// <summary>A new credential for <paramref name="owner"/> (the caller's organization when null); the HMAC key (base64url) is returned this once.</summary>
    public async Task<(EabCredential Credential, string HmacKey)> CreateAsync(string? owner, CallerContext caller, CancellationToken cancellationToken)
    {
        owner ??= caller.Organization;
        CheckMayManage(owner, caller);
        var account = await accounts.FindAsync(owner, cancellationToken).ConfigureAwait(false);
        if (account is not { DeletedAt: null })
        {
            throw CaException.NotFound("account-not-found", $"Account {owner} does not exist.");
        }

        if (!account.Roles.Contains(Roles.Requester) && !account.Roles.Contains(Roles.Admin))
        {
            throw CaException.Unprocessable("not-a-subscriber", $"Account {owner} is not a requester; ACME accounts obtain certificates for a subscriber.", "accountId");
        }

        var keyId = "eab_" + AcmeIds.New();
        var hmacKey = RandomNumberGenerator.GetBytes(32);
        var credential = new EabCredential(keyId, owner, protector.Protect(hmacKey, ProtectionOwner(keyId)), clock.GetUtcNow(), caller.ActorId);
        await store.AddEabCredentialAsync(credential, AuditEvent.Succeeded(clock.GetUtcNow(), AcmeAuditActions.EabCreated, keyId, caller, new { owner }), cancellationToken).ConfigureAwait(false);
        return (credential, Base64Url.Encode(hmacKey));
    }

    /// <summary>Credentials of <paramref name="owner"/> (all, for an admin asking without an owner).</summary>
    public Task<IReadOnlyList<EabCredential>> ListAsync(string? owner, CallerContext caller, CancellationToken cancellationToken)
    {
        if (owner is null && !caller.IsInRole(Roles.Admin))
        {
            owner = caller.Organization;
        }

        if (owner is not null)
        {
            CheckMayManage(owner, caller);
        }

        return store.ListEabCredentialsAsync(owner, cancellationToken);
    }

    /// <summary>The ACME accounts of a business.</summary>
    public Task<IReadOnlyList<AcmeAccount>> ListAccountsAsync(string? owner, CallerContext caller, CancellationToken cancellationToken)
    {
        owner ??= caller.Organization;
        CheckMayManage(owner, caller);
        return store.ListAccountsByOwnerAsync(owner, cancellationToken);
    }

    /// <summary>Revokes a credential; the ACME account created with it is revoked too.</summary>
    public async Task RevokeAsync(string keyId, CallerContext caller, CancellationToken cancellationToken)
    {
        var credential = await store.FindEabCredentialAsync(keyId, cancellationToken).ConfigureAwait(false);
        if (credential is null || !MayManage(credential.Owner, caller))
        {
            throw CaException.NotFound("eab-not-found", $"There is no EAB credential {keyId}.");
        }

        if (credential.RevokedAt is not null)
        {
            throw CaException.Conflict("eab-already-revoked", $"EAB credential {keyId} is already revoked.");
        }

        await store.RevokeEabCredentialAsync(keyId, clock.GetUtcNow(),
            [AuditEvent.Succeeded(clock.GetUtcNow(), AcmeAuditActions.EabRevoked, keyId, caller, new { owner = credential.Owner, acmeAccount = credential.BoundAccountId })],
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks a newAccount's externalAccountBinding (RFC 8555 7.3.4): a JWS MAC'd with the credential's
    /// key, kid = the credential, url = newAccount's, payload = the account's own key. Returns the credential.
    /// </summary>
    public async Task<EabCredential> VerifyBindingAsync(JsonElement binding, JsonWebKey accountKey, string newAccountUrl, CancellationToken cancellationToken)
    {
        var jws = JwsMessage.Parse(binding);
        if (jws.Algorithm is not { } alg || !MacAlgorithms.TryGetValue(alg, out var hash))
        {
            throw AcmeException.Malformed($"externalAccountBinding must use HS256, HS384 or HS512, not '{jws.Algorithm}'.");
        }

        if (jws.Nonce is not null || jws.Jwk is not null)
        {
            throw AcmeException.Malformed("externalAccountBinding must not carry a nonce or a jwk.");
        }

        if (!string.Equals(jws.Url, newAccountUrl, StringComparison.Ordinal))
        {
            throw AcmeException.Unauthorized("externalAccountBinding url must be the newAccount URL.");
        }

        JsonWebKey bound;
        try
        {
            using var payload = JwsMessage.Json(jws.Payload);
            bound = JsonWebKey.Parse(payload.RootElement);
        }
        catch (JsonException)
        {
            throw AcmeException.Malformed("externalAccountBinding payload must be the account's JWK.");
        }

        if (bound.Thumbprint != accountKey.Thumbprint)
        {
            throw AcmeException.Unauthorized("externalAccountBinding binds a different key than the one that signed the request.");
        }

        var credential = jws.KeyId is { Length: > 0 and < 100 } kid ? await store.FindEabCredentialAsync(kid, cancellationToken).ConfigureAwait(false) : null;
        if (credential is null || credential.RevokedAt is not null)
        {
            throw AcmeException.Unauthorized("The external account binding key id is unknown or revoked.");
        }

        var key = protector.Unprotect(credential.ProtectedHmacKey, ProtectionOwner(credential.KeyId));
        var expected = HMAC(hash, key, Encoding.ASCII.GetBytes(jws.ProtectedEncoded + "." + jws.PayloadEncoded));
        if (!CryptographicOperations.FixedTimeEquals(expected, jws.Signature))
        {
            throw AcmeException.Unauthorized("The external account binding MAC is wrong.");
        }

        if (credential.BoundAccountId is not null)
        {
            throw AcmeException.Unauthorized("This external account binding credential has already been used; ask for a new one.");
        }

        return credential;
    }

    private static byte[] HMAC(HashAlgorithmName hash, byte[] key, byte[] data) =>
        hash == HashAlgorithmName.SHA256 ? HMACSHA256.HashData(key, data)
        : hash == HashAlgorithmName.SHA384 ? HMACSHA384.HashData(key, data)
        : HMACSHA512.HashData(key, data);

    private static string ProtectionOwner(string keyId) => "acme-eab:" + keyId;

    // Everyone acting for the business (its API key, its people in the portal) manages its credentials.
    private static bool MayManage(string owner, CallerContext caller) =>
        caller.IsInRole(Roles.Admin) || string.Equals(owner, caller.Organization, StringComparison.Ordinal);

    private static void CheckMayManage(string owner, CallerContext caller)
    {
        if (!MayManage(owner, caller))
        {
            throw CaException.Forbidden("not-owner", "Only the account itself, its people or an admin manage its ACME credentials.");
        }
    }
}
