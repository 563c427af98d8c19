using System.Text.Json;
using Ca.Core.Acme.Validation;
using Ca.Core.Audit;
using Ca.Core.Common;

namespace Ca.Core.Acme;

/// <summary>
/// Authorizations and their challenges (RFC 8555 7.5): reading, deactivating, and answering a
/// challenge, which marks it processing and queues the validation; the validation's verdict settles
/// the challenge and its authorization in one audited write.
/// </summary>
public sealed class AcmeAuthorizationService
{
    private readonly IAcmeStore store;
    private readonly AcmeValidationQueue queue;
    private readonly IReadOnlyDictionary<string, IChallengeValidator> validators;
    private readonly TimeProvider clock;
    private readonly AcmeOptions options;

    /// <summary>Creates the service.</summary>
    public AcmeAuthorizationService(IAcmeStore store, AcmeValidationQueue queue, IEnumerable<IChallengeValidator> validators, TimeProvider clock, Microsoft.Extensions.Options.IOptions<AcmeOptions> options)
    {
        this.store = store;
        this.queue = queue;
        this.validators = validators.ToDictionary(v => v.Type, StringComparer.Ordinal);
        this.clock = clock;
        this.options = options.Value;
    }

    /// <summary>The clock's now (for status derivation by callers).</summary>
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>An authorization of the signing account.</summary>
    public async Task<AcmeAuthorization> GetAsync(AcmeAccount account, string id, CancellationToken cancellationToken)
    {
        var authorization = await store.FindAuthorizationAsync(id, cancellationToken).ConfigureAwait(false);
        return authorization is not null && authorization.AccountId == account.Id ? authorization : throw AcmeException.NotFound("Authorization");
    }

    /// <summary>POST to an authorization: POST-as-GET reads it; {"status":"deactivated"} deactivates it (RFC 8555 7.5.2).</summary>
    public async Task<AcmeAuthorization> UpdateAsync(VerifiedAcmeRequest request, string id, string? correlationId, CancellationToken cancellationToken)
    {
        var account = request.Account!;
        var authorization = await GetAsync(account, id, cancellationToken).ConfigureAwait(false);
        if (request.Message.IsPostAsGet)
        {
            return authorization;
        }

        var payload = request.Message.PayloadObject();
        if (!payload.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.String || status.GetString() != "deactivated")
        {
            throw AcmeException.Malformed("An authorization's status may only be set to \"deactivated\".");
        }

        var current = authorization.StatusAt(clock.GetUtcNow());
        if (current is not (AcmeAuthorizationStatus.Pending or AcmeAuthorizationStatus.Valid))
        {
            throw AcmeException.Malformed($"The authorization is {current.ToString().ToLowerInvariant()} and cannot be deactivated.");
        }

        var deactivated = authorization with { Status = AcmeAuthorizationStatus.Deactivated };
        await store.UpdateAuthorizationAsync(deactivated, authorization.Status,
            [AuditEvent.Succeeded(clock.GetUtcNow(), AcmeAuditActions.AuthorizationDeactivated, id, AcmeIds.CallerFor(account, correlationId),
                new { acmeAccount = account.Id, identifier = authorization.Identifier.Value })], cancellationToken).ConfigureAwait(false);
        return deactivated;
    }

    /// <summary>
    /// The client says a challenge is ready (RFC 8555 7.5.1): a pending challenge of a pending
    /// authorization goes processing and is queued; anything else is returned as it stands.
    /// </summary>
    public async Task<(AcmeAuthorization Authorization, AcmeChallenge Challenge)> RespondAsync(VerifiedAcmeRequest request, string authorizationId, string type, string? correlationId, CancellationToken cancellationToken)
    {
        var account = request.Account!;
        var authorization = await GetAsync(account, authorizationId, cancellationToken).ConfigureAwait(false);
        var challenge = authorization.Challenges.FirstOrDefault(c => c.Type == type) ?? throw AcmeException.NotFound("Challenge");
        if (request.Message.IsPostAsGet || challenge.Status != AcmeChallengeStatus.Pending)
        {
            return (authorization, challenge);
        }

        var status = authorization.StatusAt(clock.GetUtcNow());
        if (status != AcmeAuthorizationStatus.Pending)
        {
            throw AcmeException.Malformed($"The authorization is {status.ToString().ToLowerInvariant()}; its challenges can no longer be answered.");
        }

        if (authorization.Challenges.Any(c => c.Status == AcmeChallengeStatus.Processing))
        {
            return (authorization, challenge);
        }

        var processing = challenge with { Status = AcmeChallengeStatus.Processing };
        var updated = authorization with { Challenges = authorization.Challenges.Select(c => c.Type == type ? processing : c).ToList() };
        await store.UpdateAuthorizationAsync(updated, AcmeAuthorizationStatus.Pending,
            [AuditEvent.Succeeded(clock.GetUtcNow(), AcmeAuditActions.ChallengeStarted, authorizationId, AcmeIds.CallerFor(account, correlationId),
                new { acmeAccount = account.Id, identifier = authorization.Identifier.Value, type })], cancellationToken).ConfigureAwait(false);
        queue.Enqueue(authorizationId, type);
        return (updated, processing);
    }

    /// <summary>
    /// Runs a queued validation and records its verdict: the challenge and authorization go valid (the
    /// authorization reusable for <see cref="AcmeOptions.ValidAuthorizationLifetime"/>) or invalid with the error.
    /// </summary>
    public async Task ValidateAsync(string authorizationId, string type, CancellationToken cancellationToken)
    {
        var authorization = await store.FindAuthorizationAsync(authorizationId, cancellationToken).ConfigureAwait(false);
        var challenge = authorization?.Challenges.FirstOrDefault(c => c.Type == type);
        if (authorization is null || challenge is not { Status: AcmeChallengeStatus.Processing } || authorization.Status != AcmeAuthorizationStatus.Pending)
        {
            return;
        }

        var account = await store.FindAccountAsync(authorization.AccountId, cancellationToken).ConfigureAwait(false);
        AcmeError? error = null;
        if (account is null || !validators.TryGetValue(type, out var validator))
        {
            error = new AcmeError(AcmeErrors.ServerInternal, $"No validator for {type}.", 500);
        }
        else
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Validation.Timeout);
            try
            {
                await validator.ValidateAsync(authorization.Identifier, challenge.Token, KeyAuthorization.For(challenge.Token, account.KeyThumbprint), timeout.Token).ConfigureAwait(false);
            }
            catch (ChallengeFailedException e)
            {
                error = e.ToError();
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = new AcmeError(AcmeErrors.Connection, $"{type} validation of {authorization.Identifier.Value} timed out after {options.Validation.Timeout.TotalSeconds:0} s.", 403);
            }
        }

        var now = clock.GetUtcNow();
        var settled = error is null
            ? challenge with { Status = AcmeChallengeStatus.Valid, Validated = now }
            : challenge with { Status = AcmeChallengeStatus.Invalid, Error = error };
        var updated = authorization with
        {
            Status = error is null ? AcmeAuthorizationStatus.Valid : AcmeAuthorizationStatus.Invalid,
            Expires = error is null ? now + options.ValidAuthorizationLifetime : authorization.Expires,
            Challenges = authorization.Challenges.Select(c => c.Type == type ? settled : c).ToList(),
        };
        var system = CallerContext.System("acme-validation");
        var audit = error is null
            ? AuditEvent.Succeeded(now, AcmeAuditActions.ChallengeValid, authorizationId, system, new { acmeAccount = authorization.AccountId, identifier = authorization.Identifier.Value, type })
            : AuditEvent.Succeeded(now, AcmeAuditActions.ChallengeInvalid, authorizationId, system, new { acmeAccount = authorization.AccountId, identifier = authorization.Identifier.Value, type, error = error.Type, detail = error.Detail });
        try
        {
            await store.UpdateAuthorizationAsync(updated, AcmeAuthorizationStatus.Pending, [audit], cancellationToken).ConfigureAwait(false);
        }
        catch (CaException e) when (e.Kind == CaErrorKind.Conflict)
        {
            // Deactivated meanwhile: the verdict no longer matters.
        }
    }

    /// <summary>Queues again the validations a restart interrupted.</summary>
    public async Task ResumeAsync(CancellationToken cancellationToken)
    {
        foreach (var authorization in await store.ListProcessingAuthorizationsAsync(1000, cancellationToken).ConfigureAwait(false))
        {
            foreach (var challenge in authorization.Challenges.Where(c => c.Status == AcmeChallengeStatus.Processing))
            {
                queue.Enqueue(authorization.Id, challenge.Type);
            }
        }
    }
}
