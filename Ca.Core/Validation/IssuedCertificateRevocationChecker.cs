using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Core.Revocation;

namespace Ca.Core.Validation;

/// <summary>
/// Revocation status of certificates issued by this service's CAs, straight from our database: fresher
/// than any CRL and not dependent on the network. Certificates of other CAs get Unknown, so a
/// <see cref="CompositeRevocationChecker"/> can move on to CRLs.
/// </summary>
/// <remarks>
/// A revocation counts only if it took effect at or before the validation time (the invalidity date when
/// it is earlier): a signature proven by a time-stamp to predate the revocation stays valid, which is the
/// point of time-stamping (ETSI EN 319 102-1 5.5).
/// </remarks>
public sealed class IssuedCertificateRevocationChecker : IRevocationChecker
{
    private readonly AuthorityRegistry authorities;
    private readonly IIssuanceStore store;

    /// <summary>Creates the checker.</summary>
    public IssuedCertificateRevocationChecker(AuthorityRegistry authorities, IIssuanceStore store)
    {
        this.authorities = authorities;
        this.store = store;
    }

    /// <inheritdoc />
    public async ValueTask<RevocationCheckResult> CheckAsync(RevocationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var records = await authorities.ListAsync(cancellationToken).ConfigureAwait(false);
        var issuer = records.FirstOrDefault(r => IsIssuer(r, request));
        if (issuer is null)
        {
            return RevocationCheckResult.Unknown("not issued by a CA of this service");
        }

        if (request.Certificate.SerialNumber.SignValue <= 0)
        {
            return RevocationCheckResult.Unknown("non-positive serial number");
        }

        var serial = SerialNumber.From(request.Certificate.SerialNumber).Hex;
        var stored = await store.FindCertificateAsync(serial, issuer.Id, cancellationToken).ConfigureAwait(false);
        if (stored is not null && stored.Der.AsSpan().SequenceEqual(request.Certificate.GetEncoded()))
        {
            return StatusAt(RevocationState.Of(stored), request.ValidationTime);
        }

        // CA certificates live in the authority table; they are revoked by changing the CA's status.
        var der = request.Certificate.GetEncoded();
        if (records.FirstOrDefault(r => r.CertificateDer.AsSpan().SequenceEqual(der)) is { } authority)
        {
            return StatusAt(RevocationState.Of(authority), request.ValidationTime);
        }

        return RevocationCheckResult.Unknown($"CA '{issuer.Id}' has no record of serial {serial}");
    }

    private static RevocationCheckResult StatusAt(RevocationState state, DateTimeOffset time) =>
        (state.EffectiveFrom is { } effective && effective <= time
            ? RevocationCheckResult.Revoked(state.RevokedAt!.Value, state.Reason!.Value)
            : RevocationCheckResult.Good).From(RevocationSource.Database);

    private static bool IsIssuer(AuthorityRecord record, RevocationRequest request)
    {
        if (request.Issuer is not null)
        {
            return record.CertificateDer.AsSpan().SequenceEqual(request.Issuer.GetEncoded());
        }

        var certificate = new Org.BouncyCastle.X509.X509Certificate(record.CertificateDer);
        return certificate.SubjectDN.Equivalent(request.IssuerName, true) && certificate.GetPublicKey().Equals(request.IssuerPublicKey);
    }
}
