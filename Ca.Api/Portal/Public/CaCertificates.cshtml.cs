using Ca.Api.Portal.Infrastructure;
using Ca.Core.Authorities;
using Ca.Core.Common;
using Org.BouncyCastle.X509;

namespace Ca.Api.Portal.Public;

/// <summary>What a relying party needs to trust us: the CA certificates with fingerprints, chains, CRLs, OCSP and TSA.</summary>
public sealed class CaCertificatesModel(AuthorityRegistry authorities, PublicUrls urls) : PortalPageModel
{
    public IReadOnlyList<Row> Authorities { get; private set; } = [];

    public string OcspUrl => urls.Ocsp;

    public string TsaUrl => urls.Tsa;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Authorities = (await authorities.ListAsync(cancellationToken))
            .Select(record =>
            {
                var certificate = new X509Certificate(record.CertificateDer);
                return new Row(
                    record.Id,
                    certificate.SubjectDN.ToString(),
                    record.ParentId is null,
                    record.Status,
                    record.KeyAlgorithm.ToString(),
                    new DateTimeOffset(DateTime.SpecifyKind(certificate.NotBefore, DateTimeKind.Utc)),
                    new DateTimeOffset(DateTime.SpecifyKind(certificate.NotAfter, DateTimeKind.Utc)),
                    Fingerprints.Sha256(record.CertificateDer),
                    urls.Crl(record.Id),
                    urls.DeltaCrl(record.Id),
                    urls.CaCertificate(record.Id));
            })
            .OrderBy(r => r.IsRoot ? 0 : 1).ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
    }

    public sealed record Row(string Id, string Subject, bool IsRoot, AuthorityStatus Status, string KeyAlgorithm, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string Sha256, string CrlUrl, string DeltaCrlUrl, string CertificateUrl);
}
