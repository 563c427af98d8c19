using Ca.Core.Authorities;
using Ca.Core.Common;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.X509;

namespace Ca.Core.Validation;

/// <summary>
/// Assembles the <see cref="TrustContext"/>: our roots (read from the store each time, so a new or
/// retired hierarchy is seen at once), extra anchors from PEM files (read once, at construction, so a
/// missing file stops start-up rather than failing verifications), and the revocation checkers.
/// </summary>
public sealed class TrustStore
{
    private readonly AuthorityRegistry authorities;
    private readonly IReadOnlyList<X509Certificate> extraAnchors;
    private readonly IRevocationChecker revocation;

    /// <summary>Creates the store; <paramref name="crls"/> is used for certificates of other CAs when given.</summary>
    public TrustStore(AuthorityRegistry authorities, IssuedCertificateRevocationChecker ownRevocation, IOptions<ValidationOptions> options, ICrlSource? crls = null)
    {
        this.authorities = authorities;
        extraAnchors = LoadAnchors(options.Value.ExtraTrustAnchors);
        revocation = crls is null ? ownRevocation : new CompositeRevocationChecker(ownRevocation, new CrlRevocationChecker(crls));
    }

    /// <summary>The anchors, CA pool and revocation checker for one validation.</summary>
    public async Task<TrustContext> GetAsync(CancellationToken cancellationToken)
    {
        var records = await authorities.ListAsync(cancellationToken).ConfigureAwait(false);
        var anchors = records.Where(r => r.ParentId is null).Select(r => new X509Certificate(r.CertificateDer))
            .Concat(extraAnchors)
            .Select(c => new ValidationTrustAnchor(c))
            .ToList();
        var intermediates = records.Where(r => r.ParentId is not null).Select(r => new X509Certificate(r.CertificateDer)).ToList();
        return new TrustContext(anchors, intermediates, revocation);
    }

    private static List<X509Certificate> LoadAnchors(IEnumerable<string> paths)
    {
        var anchors = new List<X509Certificate>();
        foreach (var path in paths.Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"Pki:Validation:ExtraTrustAnchors: file '{path}' does not exist.");
            }

            var blocks = Pem.DecodeAll(File.ReadAllText(path), "CERTIFICATE");
            if (blocks.Count == 0)
            {
                throw new InvalidOperationException($"Pki:Validation:ExtraTrustAnchors: '{path}' holds no PEM certificate.");
            }

            anchors.AddRange(blocks.Select(der => new X509Certificate(der)));
        }

        return anchors;
    }
}
