using Ca.Core.Authorities;
using Ca.Core.Ocsp;
using Ca.Core.Revocation;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;

namespace Ca.Core.Documents;

/// <summary>
/// B-LT material from this service itself: for every certificate one of our CAs issued, a fresh OCSP
/// response from our responder (the same bytes a relying party would fetch) and the CA's current CRL;
/// the certificates themselves with their CA certificates. Certificates of other CAs contribute only
/// themselves: nothing is fetched from the network while signing.
/// </summary>
public sealed class ServiceValidationDataSource : IValidationDataSource
{
    private readonly OcspResponder responder;
    private readonly CrlPublisher crls;
    private readonly AuthorityRegistry authorities;

    /// <summary>Creates the source.</summary>
    public ServiceValidationDataSource(OcspResponder responder, CrlPublisher crls, AuthorityRegistry authorities)
    {
        this.responder = responder;
        this.crls = crls;
        this.authorities = authorities;
    }

    /// <inheritdoc />
    public async Task<ValidationData> CollectAsync(IReadOnlyList<X509Certificate> certificates, CancellationToken cancellationToken)
    {
        var ours = (await authorities.ListAsync(cancellationToken).ConfigureAwait(false))
            .Select(r => (r.Id, Certificate: new X509Certificate(r.CertificateDer)))
            .ToList();
        var all = certificates.Concat(ours.Select(o => o.Certificate)).DistinctBy(c => Convert.ToHexString(c.GetSignature())).ToList();
        var ocsps = new List<byte[]>();
        var crlList = new List<byte[]>();
        var crlCas = new HashSet<string>();
        foreach (var certificate in certificates)
        {
            var issuer = ours.FirstOrDefault(o => o.Certificate.SubjectDN.Equivalent(certificate.IssuerDN) && !o.Certificate.Equals(certificate));
            if (issuer.Certificate is null)
            {
                continue;
            }

            var generator = new OcspReqGenerator();
            generator.AddRequest(new CertificateID(CertificateID.DigestSha1, issuer.Certificate, certificate.SerialNumber));
            var response = await responder.RespondAsync(generator.Generate().GetEncoded(), cancellationToken).ConfigureAwait(false);
            if (new OcspResp(response).Status == OcspRespStatus.Successful)
            {
                ocsps.Add(response);
            }

            if (crlCas.Add(issuer.Id) && await crls.CurrentAsync(issuer.Id, delta: false, cancellationToken).ConfigureAwait(false) is { } crl)
            {
                crlList.Add(crl.Der);
            }
        }

        return new ValidationData(all.Select(c => c.GetEncoded()).ToList(), ocsps, crlList);
    }
}
