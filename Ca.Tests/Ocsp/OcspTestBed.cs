using System.Collections.Concurrent;
using Ca.Core.Common;
using Ca.Core.Keys;
using Ca.Core.Ocsp;
using Ca.Tests.Revocation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Ocsp;

/// <summary>
/// A responder wired to real keys: the shared test hierarchy, a delegated responder certificate for the
/// issuing CA, an in-memory status table and a fake clock set to the real time (openssl checks it).
/// </summary>
internal sealed class OcspTestBed
{
    private static readonly Lazy<OcspSigner> SharedSigner = new(() => CreateSigner(TestPki.Shared, DateTimeOffset.UtcNow));

    public OcspTestBed(OcspOptions? options = null, OcspSigner? signer = null, TestPki? pki = null)
    {
        Pki = pki ?? TestPki.Shared;
        Signer = signer ?? SharedSigner.Value;
        Clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        Options = Microsoft.Extensions.Options.Options.Create(options ?? new OcspOptions());
        Cache = new OcspResponseCache(Options, Clock);
        Keys = new StaticSigningKeys([Signer]);
        Responder = new OcspResponder(Keys, Statuses, Cache, Options, Clock, NullLogger<OcspResponder>.Instance);
    }

    public TestPki Pki { get; }

    public OcspSigner Signer { get; }

    public FakeTimeProvider Clock { get; }

    public IOptions<OcspOptions> Options { get; }

    public OcspResponseCache Cache { get; }

    public StaticSigningKeys Keys { get; }

    public StatusTable Statuses { get; } = new();

    public OcspResponder Responder { get; }

    /// <summary>The chain openssl trusts: root and issuing CA.</summary>
    public string ChainPem => Pki.RootPem + Pki.IssuingPem;

    /// <summary>A delegated responder for the pki's issuing CA, valid from <paramref name="now"/>.</summary>
    public static OcspSigner CreateSigner(TestPki pki, DateTimeOffset now)
    {
        var key = SigningKey.Generate(KeyAlgorithm.Rsa2048);
        var certificate = OcspResponderCertificateBuilder.Build(pki.Issuing, key.PublicKeyInfo, now);
        return new OcspSigner(pki.Issuing.Id, pki.Issuing.Certificate, certificate, key);
    }

    /// <summary>Issues a leaf and records its status.</summary>
    public X509Certificate Leaf(string name, CertificateStatusInfo status)
    {
        var leaf = Pki.IssueLeaf(name);
        Statuses.Set(Pki.Issuing.Id, SerialNumber.From(leaf.SerialNumber), status);
        return leaf;
    }

    /// <summary>The signers as a fixed list.</summary>
    public sealed class StaticSigningKeys(IReadOnlyList<OcspSigner> signers) : IOcspSigningKeys
    {
        public IReadOnlyList<OcspSigner> Signers { get; set; } = signers;

        public ValueTask<IReadOnlyList<OcspSigner>> GetSignersAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Signers);
    }

    /// <summary>Statuses by (CA, serial); everything else is unknown. Counts lookups so cache hits are visible.</summary>
    public sealed class StatusTable : ICertificateStatusSource
    {
        private readonly ConcurrentDictionary<(string, string), CertificateStatusInfo> statuses = new();
        private int lookups;

        public int Lookups => Volatile.Read(ref lookups);

        public Exception? Failure { get; set; }

        public void Set(string caId, SerialNumber serial, CertificateStatusInfo status) => statuses[(caId, serial.Hex)] = status;

        public ValueTask<CertificateStatusInfo> GetStatusAsync(string caId, SerialNumber serial, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref lookups);
            if (Failure is not null)
            {
                throw Failure;
            }

            return ValueTask.FromResult(statuses.TryGetValue((caId, serial.Hex), out var status) ? status : CertificateStatusInfo.Unknown);
        }
    }
}
