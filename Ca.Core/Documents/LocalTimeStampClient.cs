using System.Security.Cryptography;
using Ca.Core.Timestamping;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Tsp;

namespace Ca.Core.Documents;

/// <summary>
/// Gets signature time-stamps from this service's own <see cref="TimeStampAuthority"/> without a network
/// hop, going through the same request/response encoding a remote client would, so both paths are equal.
/// </summary>
public sealed class LocalTimeStampClient : ITimeStampClient
{
    private readonly TimeStampAuthority authority;

    /// <summary>Creates the client.</summary>
    public LocalTimeStampClient(TimeStampAuthority authority) => this.authority = authority;

    /// <inheritdoc />
    public async Task<byte[]> GetTimeStampTokenAsync(byte[] messageImprintSha256, CancellationToken cancellationToken)
    {
        if (messageImprintSha256.Length != 32)
        {
            throw new ArgumentException("A SHA-256 imprint is 32 bytes.", nameof(messageImprintSha256));
        }

        var generator = new TimeStampRequestGenerator();
        generator.SetCertReq(true);
        var nonce = new Org.BouncyCastle.Math.BigInteger(1, RandomNumberGenerator.GetBytes(8));
        var request = generator.Generate(NistObjectIdentifiers.IdSha256, messageImprintSha256, nonce);

        var responseDer = await authority.RespondAsync(request.GetEncoded(), cancellationToken).ConfigureAwait(false);
        try
        {
            var response = new TimeStampResponse(responseDer);
            response.Validate(request);
            var token = response.TimeStampToken
                ?? throw new TimeStampUnavailableException($"The TSA refused: {response.GetStatusString() ?? "no reason given"}.");
            return token.GetEncoded(Asn1Encodable.Der);
        }
        catch (Exception e) when (e is TspException or IOException or ArgumentException)
        {
            throw new TimeStampUnavailableException("The TSA answered with an unusable response.", e);
        }
    }
}
