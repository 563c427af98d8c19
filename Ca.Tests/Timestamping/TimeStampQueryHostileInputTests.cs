using Ca.Core.Timestamping;
using Ca.Tests.Support;
using Ca.Tests.Support.Documents;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.Asn1.Cmp;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Tsp;

namespace Ca.Tests.Timestamping;

/// <summary>
/// Seeded byte mutations of real RFC 3161 queries, straight into the TSA. Every answer must be a TimeStampResp: a
/// token that matches the query as the TSA read it, or a rejection that blames the request (badAlg, badRequest,
/// badDataFormat, unacceptedPolicy, unacceptedExtension), never systemFailure, which would blame us.
/// </summary>
public sealed class TimeStampQueryHostileInputTests
{
    private static readonly DocumentPki Pki = DocumentPki.Shared;

    private static readonly int[] ClientFailures =
    [
        PkiFailureInfo.BadAlg, PkiFailureInfo.BadRequest, PkiFailureInfo.BadDataFormat, PkiFailureInfo.UnacceptedPolicy, PkiFailureInfo.UnacceptedExtension,
    ];

    private readonly TimeStampAuthority tsa = new(new FixedTsaSigner(Pki.Tsa), new FakeTimeProvider(Pki.Now), Options.Create(new TsaOptions()));

    [Theory]
    [InlineData(4101, true)]
    [InlineData(4102, true)]
    [InlineData(4103, false)]
    [InlineData(4104, false)]
    public async Task RespondAsync_MutatedQuery_TokenOrClientRejection(int seed, bool full)
    {
        var failures = new List<string>();
        foreach (var mutation in ByteMutator.Mutate(Query(full), seed, 150))
        {
            try
            {
                var response = new TimeStampResponse(await tsa.RespondAsync(mutation.Bytes, CancellationToken.None));
                if (Problem(response, mutation.Bytes) is { } problem)
                {
                    failures.Add($"{mutation}: {problem}");
                }
            }
            catch (Exception e)
            {
                failures.Add($"{mutation}: {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.Empty(failures);
    }

    private static string? Problem(TimeStampResponse response, byte[] query)
    {
        if (response.Status is (int)PkiStatus.Granted or (int)PkiStatus.GrantedWithMods)
        {
            // Granted only for a query that parses, and the token must answer exactly that query.
            response.Validate(new TimeStampRequest(query));
            return null;
        }

        var failInfo = response.GetFailInfo()?.IntValue ?? 0;
        return response.Status == (int)PkiStatus.Rejection && ClientFailures.Contains(failInfo)
            ? null
            : $"status {response.Status} failInfo 0x{failInfo:X} ({response.GetStatusString()})";
    }

    /// <summary>A SHA-256 query; the full one also asks for the certificate, carries a nonce and names our policy.</summary>
    private static byte[] Query(bool full)
    {
        var generator = new TimeStampRequestGenerator();
        if (full)
        {
            generator.SetCertReq(true);
            generator.SetReqPolicy(new Org.BouncyCastle.Asn1.DerObjectIdentifier(TsaOptions.DefaultPolicyOid));
        }

        var digest = System.Security.Cryptography.SHA256.HashData("หนังสือรับรอง time-stamp mutation\n"u8);
        return generator.Generate(TspAlgorithms.Sha256, digest, full ? BigInteger.ValueOf(0x1234_5678_9ABC) : null).GetEncoded();
    }
}
