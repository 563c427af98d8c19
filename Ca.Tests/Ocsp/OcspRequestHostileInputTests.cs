using System.Text;
using Ca.Core.Ocsp;
using Ca.Core.Revocation;
using Ca.Tests.Support;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;

namespace Ca.Tests.Ocsp;

/// <summary>
/// Seeded byte mutations of real OCSP requests, over POST (DER) and GET (base64 in the path), straight into the
/// responder. The protocol's answer to a request it cannot use is an OCSP response: malformedRequest (or
/// unauthorized for a CertID we do not serve), never internalError, which would blame us for the client's bytes.
/// </summary>
public sealed class OcspRequestHostileInputTests
{
    private static readonly int[] ClientErrors = [OCSPRespGenerator.Successful, OCSPRespGenerator.MalformedRequest, OCSPRespGenerator.Unauthorized];
    private readonly OcspTestBed bed = new();

    [Theory]
    [InlineData(3101, true)]
    [InlineData(3102, true)]
    [InlineData(3103, false)]
    [InlineData(3104, false)]
    public async Task RespondAsync_MutatedDerRequest_ClientErrorOrSignedAnswer(int seed, bool nonce)
    {
        var failures = new List<string>();
        foreach (var mutation in ByteMutator.Mutate(Request(nonce), seed, 150))
        {
            await CheckAsync(mutation.ToString(), mutation.Bytes, failures);
        }

        Assert.Empty(failures);
    }

    [Theory]
    [InlineData(3201)]
    [InlineData(3202)]
    public async Task RespondAsync_MutatedGetPath_ClientErrorOrSignedAnswer(int seed)
    {
        var failures = new List<string>();
        var path = Uri.EscapeDataString(Convert.ToBase64String(Request(nonce: true)));
        foreach (var mutation in ByteMutator.Mutate(Encoding.ASCII.GetBytes(path), seed, 150))
        {
            // What the GET endpoint does: a path that is not base64 is an empty (so malformed) request.
            var der = OcspRequestParser.TryDecodeGetPath(Encoding.Latin1.GetString(mutation.Bytes), out var decoded) ? decoded : [];
            await CheckAsync(mutation.ToString(), der, failures);
        }

        Assert.Empty(failures);
    }

    private async Task CheckAsync(string description, byte[] der, List<string> failures)
    {
        try
        {
            var response = new OcspResp(await bed.Responder.RespondAsync(der, CancellationToken.None));
            if (!ClientErrors.Contains(response.Status))
            {
                failures.Add($"{description}: OCSP status {response.Status}");
            }
            else if (response.Status == OCSPRespGenerator.Successful && !((BasicOcspResp)response.GetResponseObject()).Verify(bed.Signer.ResponderCertificate.GetPublicKey()))
            {
                failures.Add($"{description}: successful response with a bad signature");
            }
        }
        catch (Exception e)
        {
            failures.Add($"{description}: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Two CertIDs (SHA-1 and SHA-256) for leaves the responder knows, with or without a nonce.</summary>
    private byte[] Request(bool nonce)
    {
        var generator = new OcspReqGenerator();
        var issuing = bed.Pki.Issuing.Certificate;
        generator.AddRequest(new CertificateID(CertificateID.DigestSha1, issuing, bed.Leaf("good", Core.Ocsp.CertificateStatusInfo.Good).SerialNumber));
        var revoked = bed.Leaf("revoked", Core.Ocsp.CertificateStatusInfo.Revoked(DateTimeOffset.UtcNow.AddDays(-1), RevocationReason.KeyCompromise));
        generator.AddRequest(new CertificateID(new AlgorithmIdentifier(Org.BouncyCastle.Asn1.Nist.NistObjectIdentifiers.IdSha256), issuing, revoked.SerialNumber));
        if (nonce)
        {
            generator.SetRequestExtensions(new X509Extensions([OcspObjectIdentifiers.PkixOcspNonce], [new X509Extension(false, new DerOctetString(new DerOctetString(new byte[16]).GetEncoded()))]));
        }

        return generator.Generate().GetEncoded();
    }
}
