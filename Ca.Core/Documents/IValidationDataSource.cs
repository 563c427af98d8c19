using Org.BouncyCastle.X509;

namespace Ca.Core.Documents;

/// <summary>
/// Where long-term validation material comes from when a B-LT signature is made: the chain and an OCSP
/// response or CRL for each certificate, as DER. The service answers for its own CAs from its own
/// responder and published CRLs; nothing is fetched from the network.
/// </summary>
public interface IValidationDataSource
{
    /// <summary>Validation material for these certificates (each with its issuers), as of now.</summary>
    Task<ValidationData> CollectAsync(IReadOnlyList<X509Certificate> certificates, CancellationToken cancellationToken);
}

/// <summary>DER certificates, OCSP responses (OCSPResponse) and CRLs to embed.</summary>
public sealed record ValidationData(IReadOnlyList<byte[]> Certificates, IReadOnlyList<byte[]> OcspResponses, IReadOnlyList<byte[]> Crls);
