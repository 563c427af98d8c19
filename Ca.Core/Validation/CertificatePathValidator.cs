using System.Collections.Immutable;
using System.Globalization;
using Ca.Core.Common;
using Ca.Core.Revocation;
using Org.BouncyCastle.Crypto;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ca.Core.Validation;

/// <summary>
/// RFC 5280 section 6.1 basic path validation, followed by revocation checking (section 6.3) through a pluggable
/// <see cref="IRevocationChecker"/>. Stateless and thread-safe; one instance can be shared.
/// </summary>
public sealed class CertificatePathValidator
{
    /// <summary>Validates a path whose trust anchor is given as a certificate.</summary>
    /// <param name="trustAnchor">The trusted certificate that issued <c>chain[0]</c>.</param>
    /// <param name="chain">Certificates from the one issued by the anchor down to the end entity.</param>
    /// <param name="settings">RFC 5280 inputs, including the validation time.</param>
    /// <param name="revocation">Revocation checker; required when <see cref="PathValidationSettings.CheckRevocation"/> is set.</param>
    /// <param name="cancellationToken">Cancels revocation I/O.</param>
    public ValueTask<PathValidationResult> ValidateAsync(
        X509Certificate trustAnchor,
        IReadOnlyList<X509Certificate> chain,
        PathValidationSettings settings,
        IRevocationChecker? revocation,
        CancellationToken cancellationToken = default) =>
        ValidateAsync(new ValidationTrustAnchor(trustAnchor), chain, settings, revocation, cancellationToken);

    /// <summary>Validates a path whose trust anchor may be a bare name and key.</summary>
    /// <param name="trustAnchor">The trust anchor that issued <c>chain[0]</c>.</param>
    /// <param name="chain">Certificates from the one issued by the anchor down to the end entity.</param>
    /// <param name="settings">RFC 5280 inputs, including the validation time.</param>
    /// <param name="revocation">Revocation checker; required when <see cref="PathValidationSettings.CheckRevocation"/> is set.</param>
    /// <param name="cancellationToken">Cancels revocation I/O.</param>
    public ValueTask<PathValidationResult> ValidateAsync(
        ValidationTrustAnchor trustAnchor,
        IReadOnlyList<X509Certificate> chain,
        PathValidationSettings settings,
        IRevocationChecker? revocation,
        CancellationToken cancellationToken = default) =>
        ValidateAsync(trustAnchor, chain, settings, revocation, ImmutableHashSet<CertificateKey>.Empty, cancellationToken);

    internal async ValueTask<PathValidationResult> ValidateAsync(
        ValidationTrustAnchor trustAnchor,
        IReadOnlyList<X509Certificate> chain,
        PathValidationSettings settings,
        IRevocationChecker? revocation,
        ImmutableHashSet<CertificateKey> revocationInProgress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trustAnchor);
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(settings);

        if (chain.Count == 0)
        {
            return PathValidationResult.Fail(PathValidationFailure.MalformedInput, null, "the chain is empty");
        }

        PathProcessingOutcome outcome;
        try
        {
            outcome = new PathProcessor(trustAnchor, chain, settings).Run();
        }
        catch (Exception ex) when (UntrustedInput.IsDecodingFailure(ex))
        {
            return PathValidationResult.Fail(PathValidationFailure.MalformedInput, null, $"undecodable certificate content: {ex.Message}");
        }

        if (!outcome.Result.IsValid || !settings.CheckRevocation)
        {
            return outcome.Result;
        }
        if (revocation is null)
        {
            return PathValidationResult.Fail(PathValidationFailure.RevocationUnknown, 0, "revocation checking is enabled but no revocation checker was supplied");
        }

        for (var index = 0; index < chain.Count; index++)
        {
            var request = new RevocationRequest
            {
                Certificate = chain[index],
                Issuer = index == 0 ? trustAnchor.Certificate : chain[index - 1],
                IssuerName = index == 0 ? trustAnchor.Subject : chain[index - 1].SubjectDN,
                IssuerPublicKey = outcome.IssuerKeys[index],
                ValidationTime = settings.ValidationTime,
                TrustAnchor = trustAnchor,
                Path = chain,
                InProgress = revocationInProgress,
                RequireCriticalConstraints = settings.RequireCriticalConstraints,
            };
            var status = await revocation.CheckAsync(request, cancellationToken).ConfigureAwait(false);
            if (status.Status == RevocationStatus.Revoked)
            {
                return outcome.Result with
                {
                    Failure = PathValidationFailure.Revoked,
                    FailingCertificateIndex = index,
                    Message = string.Create(CultureInfo.InvariantCulture, $"certificate {index} revoked on {status.RevocationTime:O} ({status.Reason})"),
                    RevocationTime = status.RevocationTime,
                    RevocationReason = status.Reason,
                };
            }
            if (status.Status == RevocationStatus.Unknown)
            {
                return outcome.Result with
                {
                    Failure = PathValidationFailure.RevocationUnknown,
                    FailingCertificateIndex = index,
                    Message = $"revocation status of certificate {index} unknown: {status.Detail}",
                };
            }
        }
        return outcome.Result;
    }
}

/// <summary>Result of the structural part of validation plus the issuer keys revocation checking needs.</summary>
internal sealed record PathProcessingOutcome(PathValidationResult Result, IReadOnlyList<AsymmetricKeyParameter> IssuerKeys);
