using Org.BouncyCastle.Ocsp;

namespace Ca.Core.Ocsp;

/// <summary>The unsigned error responses (RFC 6960 4.2.1), encoded once since they never vary.</summary>
internal static class OcspResponses
{
    private static readonly byte[] MalformedDer = Unsigned(OCSPRespGenerator.MalformedRequest);
    private static readonly byte[] InternalErrorDer = Unsigned(OCSPRespGenerator.InternalError);
    private static readonly byte[] UnauthorizedDer = Unsigned(OCSPRespGenerator.Unauthorized);
    private static readonly byte[] TryLaterDer = Unsigned(OCSPRespGenerator.TryLater);

    // Copies, so a caller that mutates the bytes cannot poison later responses.

    /// <summary>malformedRequest: the request could not be parsed.</summary>
    public static byte[] Malformed => (byte[])MalformedDer.Clone();

    /// <summary>internalError: we failed, not the client.</summary>
    public static byte[] InternalError => (byte[])InternalErrorDer.Clone();

    /// <summary>unauthorized: we are not authoritative for the CertID (unknown issuer or hash).</summary>
    public static byte[] Unauthorized => (byte[])UnauthorizedDer.Clone();

    /// <summary>tryLater: the responder's key (on a token) cannot sign right now.</summary>
    public static byte[] TryLater => (byte[])TryLaterDer.Clone();

    /// <summary>A successful response wrapping a signed BasicOCSPResponse.</summary>
    public static byte[] Successful(BasicOcspResp basic) =>
        new OCSPRespGenerator().Generate(OCSPRespGenerator.Successful, basic).GetEncoded();

    private static byte[] Unsigned(int status) => new OCSPRespGenerator().Generate(status, null).GetEncoded();
}
