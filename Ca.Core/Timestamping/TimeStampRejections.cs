using Org.BouncyCastle.Asn1.Cmp;
using Org.BouncyCastle.Tsp;

namespace Ca.Core.Timestamping;

/// <summary>Encodes RFC 3161 failure responses, which need no key and so can be sent whatever went wrong.</summary>
internal static class TimeStampRejections
{
    public static byte[] Reject(int failInfo, string statusText) =>
        Encode(PkiStatus.Rejection, failInfo, statusText);

    public static byte[] SystemFailure(string statusText) =>
        Encode(PkiStatus.Rejection, PkiFailureInfo.SystemFailure, statusText);

    private static byte[] Encode(PkiStatus status, int failInfo, string statusText) =>
        // A generator with no token generator can only fail; a fresh one per call because it keeps state.
        new TimeStampResponseGenerator(null, null).GenerateFailResponse(status, failInfo, statusText).GetEncoded();
}
