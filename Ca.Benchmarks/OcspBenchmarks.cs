using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Ca.Core.Common;
using Ca.Core.Keys;
using Ca.Core.Ocsp;
using Ca.Core.Revocation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;

namespace Ca.Benchmarks;

/// <summary>
/// One OCSP response from OcspResponder (delegated P-256 responder certificate): "Cached" answers the
/// same CertID again (the pre-signed response path), "Signed" asks about a different serial each time
/// with the cache cleared so every answer is built and signed.
/// </summary>
public class OcspBenchmarks
{
    private readonly Dictionary<string, CertificateStatusInfo> statuses = new(StringComparer.Ordinal);
    private InMemoryPki pki = null!;
    private OcspResponder responder = null!;
    private OcspResponseCache cache = null!;
    private byte[][] requests = null!;
    private int next;

    [Params(false, true)]
    public bool Revoked { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        pki = InMemoryPki.Create(KeyAlgorithm.EcdsaP256);
        var responderKey = SigningKey.Generate(KeyAlgorithm.EcdsaP256);
        var now = DateTimeOffset.UtcNow;
        var responderCertificate = OcspResponderCertificateBuilder.Build(pki.Issuing, responderKey.PublicKeyInfo, now);
        var signer = new OcspSigner(pki.Issuing.Id, pki.Issuing.Certificate, responderCertificate, responderKey);
        var options = Options.Create(new OcspOptions());
        cache = new OcspResponseCache(options, TimeProvider.System);
        responder = new OcspResponder(new Signers([signer]), new Statuses(statuses), cache, options, TimeProvider.System, NullLogger<OcspResponder>.Instance);

        requests = new byte[1024][];
        for (var i = 0; i < requests.Length; i++)
        {
            var serial = SerialNumber.NewRandom();
            statuses[serial.Hex] = Revoked ? CertificateStatusInfo.Revoked(now.AddDays(-1), RevocationReason.KeyCompromise) : CertificateStatusInfo.Good;
            var generator = new OcspReqGenerator();
            generator.AddRequest(new CertificateID(CertificateID.DigestSha1, pki.Issuing.Certificate, serial.Value));
            requests[i] = generator.Generate().GetEncoded();
        }

        // Fill the cache for the cached case.
        responder.RespondAsync(requests[0], CancellationToken.None).GetAwaiter().GetResult();
    }

    [Benchmark]
    public int Cached() => responder.RespondAsync(requests[0], CancellationToken.None).GetAwaiter().GetResult().Length;

    [Benchmark]
    public int Signed()
    {
        var request = requests[next++ % requests.Length];
        cache.InvalidateAuthority(pki.Issuing.Id);
        return responder.RespondAsync(request, CancellationToken.None).GetAwaiter().GetResult().Length;
    }

    private sealed class Signers(IReadOnlyList<OcspSigner> signers) : IOcspSigningKeys
    {
        public ValueTask<IReadOnlyList<OcspSigner>> GetSignersAsync(CancellationToken cancellationToken) => ValueTask.FromResult(signers);
    }

    private sealed class Statuses(Dictionary<string, CertificateStatusInfo> statuses) : ICertificateStatusSource
    {
        public ValueTask<CertificateStatusInfo> GetStatusAsync(string caId, SerialNumber serial, CancellationToken cancellationToken) =>
            ValueTask.FromResult(statuses.GetValueOrDefault(serial.Hex) ?? CertificateStatusInfo.Unknown);
    }
}
