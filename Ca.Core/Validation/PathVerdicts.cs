using Org.BouncyCastle.X509;

namespace Ca.Core.Validation;

/// <summary>
/// Maps an RFC 5280 path-building outcome onto ETSI EN 319 102-1 indications. The one judgement made
/// here is about proof of time: a revoked or expired certificate is FAILED when the time it is judged at
/// is proven (a time-stamp, or the time the relying party asked about), but only INDETERMINATE (…_NO_POE)
/// for a signature whose time nobody can prove.
/// </summary>
internal static class PathVerdicts
{
    public sealed record Verdict(ValidationIndication Indication, ValidationSubIndication? SubIndication, string Message, DateTimeOffset? RevocationTime);

    public static Verdict Map(PathBuildResult result, bool timeIsProven)
    {
        if (result.IsValid)
        {
            return new Verdict(ValidationIndication.Passed, null, "The certificate path is valid.", null);
        }

        if (result.Outcome == PathBuildOutcome.NoChainFound)
        {
            return Indeterminate(ValidationSubIndication.NoCertificateChainFound, "No chain to a trusted anchor could be built (a missing intermediate or an untrusted root).");
        }

        if (result.Outcome == PathBuildOutcome.BudgetExhausted)
        {
            return Indeterminate(ValidationSubIndication.NoCertificateChainFound,
                $"No chain to a trusted anchor was found within the work budget ({result.Validation.Message}); send only the intermediates of this certificate's chain.");
        }

        var validation = result.Validation;
        var isTarget = result.Path is { } path && validation.FailingCertificateIndex == path.Chain.Count - 1;
        var detail = validation.Message ?? validation.Failure.ToString();
        return validation.Failure switch
        {
            PathValidationFailure.Expired => timeIsProven
                ? Failed(ValidationSubIndication.Expired, $"A certificate had expired at the validation time: {detail}.")
                : Indeterminate(ValidationSubIndication.OutOfBoundsNoPoe, $"A certificate has expired and nothing proves the signature was made before: {detail}."),
            PathValidationFailure.NotYetValid => timeIsProven
                ? Failed(ValidationSubIndication.NotYetValid, $"A certificate was not yet valid at the validation time: {detail}.")
                : Indeterminate(ValidationSubIndication.OutOfBoundsNoPoe, $"A certificate is not valid now and nothing proves when the signature was made: {detail}."),
            PathValidationFailure.Revoked => timeIsProven
                ? new Verdict(ValidationIndication.Failed, ValidationSubIndication.Revoked, $"Revoked before the validation time: {detail}.", validation.RevocationTime)
                : new Verdict(ValidationIndication.Indeterminate, isTarget ? ValidationSubIndication.RevokedNoPoe : ValidationSubIndication.RevokedCaNoPoe,
                    $"Revoked, and there is no proof (time-stamp) that the signature existed before the revocation: {detail}.", validation.RevocationTime),
            PathValidationFailure.RevocationUnknown => Indeterminate(ValidationSubIndication.TryLater, $"Revocation status unavailable: {detail}."),
            PathValidationFailure.SignatureInvalid or PathValidationFailure.NameChainingFailed
                => Indeterminate(ValidationSubIndication.CertificateChainGeneralFailure, $"The chain is broken: {detail}."),
            PathValidationFailure.MalformedInput => Failed(ValidationSubIndication.FormatFailure, $"A certificate of the chain is malformed: {detail}."),
            PathValidationFailure.UnsupportedAlgorithm => Indeterminate(ValidationSubIndication.CryptoConstraintsFailure, $"Unsupported algorithm: {detail}."),
            PathValidationFailure.NoChainFound => Indeterminate(ValidationSubIndication.NoCertificateChainFound, detail),
            _ => Indeterminate(ValidationSubIndication.ChainConstraintsFailure, $"The chain violates a constraint ({validation.Failure}): {detail}."),
        };

        static Verdict Failed(ValidationSubIndication sub, string message) => new(ValidationIndication.Failed, sub, message, null);
        static Verdict Indeterminate(ValidationSubIndication sub, string message) => new(ValidationIndication.Indeterminate, sub, message, null);
    }

    /// <summary>The chain as reported: target first, then its issuers, then the anchor (when it is a certificate).</summary>
    public static IReadOnlyList<CertificateIdentity> Chain(PathBuildResult result)
    {
        if (result.Path is not { } path)
        {
            return [];
        }

        IEnumerable<X509Certificate> upward = path.Chain.Reverse();
        if (path.Anchor.Certificate is { } anchor && !path.Chain.Contains(anchor))
        {
            upward = upward.Append(anchor);
        }

        return upward.Select(CertificateIdentity.From).ToList();
    }
}
