namespace Ca.Core.Validation;

/// <summary>
/// Answers "is this certificate revoked at time T". Abstracted so the CA can answer for its own certificates from
/// its database while foreign paths use CRLs.
/// </summary>
public interface IRevocationChecker
{
    /// <summary>Determines the revocation status of <see cref="RevocationRequest.Certificate"/>.</summary>
    /// <param name="request">The certificate, its issuer and the path context.</param>
    /// <param name="cancellationToken">Cancels I/O such as CRL downloads.</param>
    ValueTask<RevocationCheckResult> CheckAsync(RevocationRequest request, CancellationToken cancellationToken);
}
