using Org.BouncyCastle.Crypto;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ca.Core.Validation;

/// <summary>
/// RFC 5280 6.3.3 (f)-(g): finds an authenticated key that verifies a CRL. Prefers the certificate issuer's
/// (already validated) key, then the anchor, then other certificates named as the CRL issuer, whose paths are
/// built and validated - including their own revocation - to the same trust anchor.
/// </summary>
internal sealed class CrlSignerResolver(CrlRevocationChecker checker, IReadOnlyList<X509Certificate> extraCandidates, int maxNesting)
{
    private readonly CertificatePathBuilder _builder = new();
    private readonly CertificatePathValidator _validator = new();

    public async ValueTask<AsymmetricKeyParameter?> ResolveAsync(ParsedCrl crl, RevocationRequest request, CancellationToken cancellationToken)
    {
        if (crl.IssuerName.Equivalent(request.IssuerName, true)
            && (request.Issuer is null || CertificateFacts.AllowsCrlSign(request.Issuer))
            && SignatureChecks.VerifyCrl(crl.Crl, request.IssuerPublicKey))
        {
            return request.IssuerPublicKey;
        }

        var anchor = request.TrustAnchor;
        if (crl.IssuerName.Equivalent(anchor.Subject, true)
            && (anchor.Certificate is null || CertificateFacts.AllowsCrlSign(anchor.Certificate))
            && SignatureChecks.VerifyCrl(crl.Crl, anchor.PublicKey))
        {
            return anchor.PublicKey;
        }

        // A CRL signer whose own status is given by a CRL it signed itself: its path is the one being validated.
        var subject = request.Certificate;
        if (crl.IssuerName.Equivalent(subject.SubjectDN, true)
            && CertificateFacts.AllowsCrlSign(subject)
            && SignatureChecks.InheritParameters(subject.GetPublicKey(), request.IssuerPublicKey) is var ownKey
            && SignatureChecks.VerifyCrl(crl.Crl, ownKey))
        {
            return ownKey;
        }

        if (request.InProgress.Count >= maxNesting)
        {
            return null;
        }

        var inProgress = request.InProgress.Add(CertificateKey.Of(request.Certificate));
        var pool = request.Path.Concat(extraCandidates).DistinctBy(CertificateKey.Of).ToList();
        var signers = pool.Where(c =>
            c.SubjectDN.Equivalent(crl.IssuerName, true)
            && !inProgress.Contains(CertificateKey.Of(c))
            && CertificateFacts.AllowsCrlSign(c)
            && SignatureChecks.VerifyCrl(crl.Crl, c.GetPublicKey()));

        var settings = PathValidationSettings.At(request.ValidationTime) with { RequireCriticalConstraints = request.RequireCriticalConstraints };
        foreach (var signer in signers)
        {
            foreach (var candidate in _builder.EnumerateCandidates(signer, pool, [anchor], cancellationToken))
            {
                var result = await _validator.ValidateAsync(candidate.Anchor, candidate.Chain, settings, checker, inProgress, cancellationToken).ConfigureAwait(false);
                if (result.IsValid)
                {
                    return result.WorkingPublicKey;
                }
            }
        }
        return null;
    }
}
