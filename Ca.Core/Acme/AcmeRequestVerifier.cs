using Ca.Core.Acme.Jws;

namespace Ca.Core.Acme;

/// <summary>Which key a request must be signed with (RFC 8555 6.2).</summary>
public enum AcmeKeyRule
{
    /// <summary>An existing account's key, named by kid (every request but these two).</summary>
    Kid,

    /// <summary>A key carried in jwk (newAccount).</summary>
    Jwk,

    /// <summary>Either (revokeCert: the account's key or the certificate's key).</summary>
    KidOrJwk,
}

/// <summary>A request whose JWS checked out.</summary>
/// <param name="Message">The JWS.</param>
/// <param name="Key">The key that signed it.</param>
/// <param name="Account">The account named by kid (null for jwk requests).</param>
public sealed record VerifiedAcmeRequest(JwsMessage Message, JsonWebKey Key, AcmeAccount? Account);

/// <summary>
/// The gate every ACME POST passes: JWS shape, algorithm, kid/jwk rule, signature, url and nonce
/// (RFC 8555 6.2-6.5). The signature is checked before the nonce is spent, so a forged request cannot
/// burn someone else's nonce; a replayed or unknown nonce is badNonce.
/// </summary>
public sealed class AcmeRequestVerifier
{
    private readonly ReplayNonces nonces;
    private readonly IAcmeStore store;

    /// <summary>Creates the verifier.</summary>
    public AcmeRequestVerifier(ReplayNonces nonces, IAcmeStore store)
    {
        this.nonces = nonces;
        this.store = store;
    }

    /// <summary>Verifies a request sent to <paramref name="requestUrl"/>; <paramref name="accountUrlPrefix"/> is the account URL without the id.</summary>
    public async Task<VerifiedAcmeRequest> VerifyAsync(ReadOnlyMemory<byte> body, string requestUrl, string accountUrlPrefix, AcmeKeyRule rule, CancellationToken cancellationToken)
    {
        var message = JwsMessage.Parse(body.Span);
        var algorithm = message.Algorithm;
        if (algorithm is null || !JsonWebKey.Algorithms.Contains(algorithm))
        {
            throw new AcmeException(AcmeErrors.BadSignatureAlgorithm, $"Algorithm '{algorithm ?? "(none)"}' is not supported; use one of {string.Join(", ", JsonWebKey.Algorithms)}.");
        }

        var jwk = message.Jwk;
        var kid = message.KeyId;
        if ((jwk is null) == (kid is null))
        {
            throw AcmeException.Malformed("The protected header must carry exactly one of jwk and kid.");
        }

        if (rule == AcmeKeyRule.Jwk && jwk is null)
        {
            throw AcmeException.Malformed("This request must be signed with the key in jwk, not kid.");
        }

        if (rule == AcmeKeyRule.Kid && kid is null)
        {
            throw AcmeException.Malformed("This request must name its account in kid, not carry a jwk.");
        }

        AcmeAccount? account = null;
        JsonWebKey key;
        if (kid is not null)
        {
            account = await FindAccountAsync(kid, accountUrlPrefix, cancellationToken).ConfigureAwait(false);
            key = JsonWebKey.Parse(account.Jwk);
        }
        else
        {
            key = JsonWebKey.Parse(jwk!.Value);
        }

        if (!key.Verify(algorithm, message.SigningInput, message.Signature))
        {
            throw AcmeException.Malformed("JWS verification error: the signature does not match the key.");
        }

        if (!string.Equals(message.Url, requestUrl, StringComparison.Ordinal))
        {
            throw AcmeException.Unauthorized($"The JWS url '{message.Url}' is not the URL it was sent to ({requestUrl}).");
        }

        if (!await nonces.TryRedeemAsync(message.Nonce, cancellationToken).ConfigureAwait(false))
        {
            throw new AcmeException(AcmeErrors.BadNonce, "The nonce is unknown, expired or already used; retry with the nonce in this response.");
        }

        if (account is { Status: not AcmeAccountStatus.Valid })
        {
            throw AcmeException.Unauthorized($"Account is {account.Status.ToString().ToLowerInvariant()}.");
        }

        return new VerifiedAcmeRequest(message, key, account);
    }

    private async Task<AcmeAccount> FindAccountAsync(string kid, string accountUrlPrefix, CancellationToken cancellationToken)
    {
        if (!kid.StartsWith(accountUrlPrefix, StringComparison.Ordinal) || kid.Length == accountUrlPrefix.Length)
        {
            throw AcmeException.Malformed($"kid '{kid}' is not an account URL of this server.");
        }

        return await store.FindAccountAsync(kid[accountUrlPrefix.Length..], cancellationToken).ConfigureAwait(false)
            ?? throw new AcmeException(AcmeErrors.AccountDoesNotExist, $"No account at '{kid}'.");
    }
}
