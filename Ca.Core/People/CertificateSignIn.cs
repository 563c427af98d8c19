namespace Ca.Core.People;

/// <summary>Why a presented certificate does not sign anyone in.</summary>
public enum CertificateSignInFailure
{
    /// <summary>Not a usable client certificate of this PKI now: foreign, expired, revoked, held, under a revoked CA, not for clientAuth.</summary>
    Rejected,

    /// <summary>A good certificate, but linked to nobody.</summary>
    NotLinked,

    /// <summary>Linked to a person who has since been removed.</summary>
    PersonRemoved,
}

/// <summary>The outcome of presenting a certificate at the portal's sign-in.</summary>
/// <param name="PersonId">Who it signs in; null on failure.</param>
/// <param name="IssuerId">The certificate's CA (when it is one of ours).</param>
/// <param name="SerialNumber">The certificate's serial (when it is one of ours).</param>
/// <param name="Failure">Why not, for the page.</param>
/// <param name="Reason">Why not, in English, for the audit log.</param>
public sealed record CertificateSignIn(string? PersonId, string? IssuerId, string? SerialNumber, CertificateSignInFailure? Failure, string? Reason)
{
    /// <summary>True when the certificate signs <see cref="PersonId"/> in.</summary>
    public bool Succeeded => PersonId is not null;
}
