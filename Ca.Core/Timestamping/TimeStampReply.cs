namespace Ca.Core.Timestamping;

/// <summary>
/// A TimeStampResp and whether it is the TSA being out of service: RFC 3161 clients read the
/// systemFailure inside, while HTTP clients, proxies and load balancers need a 503 to know to retry
/// elsewhere or later rather than treat the refusal as final.
/// </summary>
/// <param name="Response">The DER TimeStampResp (granted, or a rejection with failInfo).</param>
/// <param name="Unavailable">True when no usable TSA key exists right now.</param>
public sealed record TimeStampReply(byte[] Response, bool Unavailable = false);
