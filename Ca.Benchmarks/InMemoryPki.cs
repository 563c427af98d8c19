using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ca.Core.Audit;
using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Keys;
using Org.BouncyCastle.Asn1.X509;

namespace Ca.Benchmarks;

/// <summary>
/// A CA hierarchy built in-process the way the service builds it (AuthorityCertificateBuilder, keys
/// protected under a KEK, loaded through AuthorityRegistry) over an in-memory IAuthorityStore.
/// </summary>
public sealed class InMemoryPki
{
    private InMemoryPki(AuthorityRegistry registry, CertificateAuthority root, CertificateAuthority issuing)
    {
        Registry = registry;
        Root = root;
        Issuing = issuing;
    }

    public static PublicUrls Urls { get; } = new("http://127.0.0.1:5080");

    public AuthorityRegistry Registry { get; }

    public CertificateAuthority Root { get; }

    public CertificateAuthority Issuing { get; }

    public static InMemoryPki Create(KeyAlgorithm issuingAlgorithm)
    {
        var protector = new AesGcmKeyProtector(RandomNumberGenerator.GetBytes(32));
        var store = new Store();
        var registry = new AuthorityRegistry(store, protector);
        var now = DateTimeOffset.UtcNow;
        var notBefore = now.AddMinutes(-5);

        using var rootKey = SigningKey.Generate(KeyAlgorithm.EcdsaP384);
        var rootCertificate = AuthorityCertificateBuilder.BuildRoot(new X509Name("C=TH, O=PkiService Bench, CN=Bench Root CA"), rootKey, notBefore, now.AddYears(20));
        store.Put(Record("root-ca", null, rootCertificate.GetEncoded(), rootKey, protector, now));
        var root = registry.FindAsync("root-ca", CancellationToken.None).GetAwaiter().GetResult()!;

        using var issuingKey = SigningKey.Generate(issuingAlgorithm);
        var issuingCertificate = AuthorityCertificateBuilder.BuildSubordinate(
            root, new X509Name("C=TH, O=PkiService Bench, CN=Bench Issuing CA"), issuingKey.PublicKeyInfo, 0, notBefore, now.AddYears(10), Urls);
        store.Put(Record("issuing-ca", "root-ca", issuingCertificate.GetEncoded(), issuingKey, protector, now));
        var issuing = registry.FindAsync("issuing-ca", CancellationToken.None).GetAwaiter().GetResult()!;
        return new InMemoryPki(registry, root, issuing);
    }

    /// <summary>A client-made PKCS#10 request in PEM, the way openssl or a browser would make it.</summary>
    public static string Csr(KeyAlgorithm algorithm, string host)
    {
        using AsymmetricAlgorithm key = algorithm == KeyAlgorithm.Rsa2048 ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = key is RSA rsa
            ? new CertificateRequest($"CN={host}, O=Bench, C=TH", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest($"CN={host}, O=Bench, C=TH", (ECDsa)key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(host);
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSigningRequestPem();
    }

    private static AuthorityRecord Record(string id, string? parent, byte[] certificate, SigningKey key, IKeyProtector protector, DateTimeOffset now)
    {
        var pkcs8 = key.ExportPkcs8();
        return new AuthorityRecord(id, id, parent, certificate, protector.Protect(pkcs8, id), key.Algorithm, AuthorityStatus.Active, now);
    }

    private sealed class Store : IAuthorityStore
    {
        private readonly ConcurrentDictionary<string, AuthorityRecord> records = new(StringComparer.Ordinal);

        public void Put(AuthorityRecord record) => records[record.Id] = record;

        public Task<IReadOnlyList<AuthorityRecord>> ListAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<AuthorityRecord>>(records.Values.OrderBy(r => r.ParentId is null ? 0 : 1).ToList());

        public Task<AuthorityRecord?> FindAsync(string id, CancellationToken cancellationToken) => Task.FromResult(records.GetValueOrDefault(id));

        public Task AddAsync(AuthorityRecord authority, AuditEvent audit, CancellationToken cancellationToken)
        {
            Put(authority);
            return Task.CompletedTask;
        }

        public Task RevokeAsync(string id, int reason, DateTimeOffset at, AuditEvent audit, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
