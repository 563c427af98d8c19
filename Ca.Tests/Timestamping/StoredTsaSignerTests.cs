using System.Collections.Concurrent;
using System.Security.Cryptography;
using Ca.Core.Audit;
using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Core.Keys;
using Ca.Core.Revocation;
using Ca.Core.Timestamping;
using Ca.Tests.Support;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Org.BouncyCastle.Asn1.X509;

namespace Ca.Tests.Timestamping;

public sealed class StoredTsaSignerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 15, 8, 0, 0, TimeSpan.Zero);
    private static readonly PublicUrls Urls = new("http://pki.test");

    [Fact]
    public async Task GetSigningMaterial_FirstUse_CreatesOneKeyAndReusesIt()
    {
        var (signer, store, _) = await CreateAsync();

        var first = await signer.GetSigningMaterialAsync(CancellationToken.None);
        var second = await signer.GetSigningMaterialAsync(CancellationToken.None);

        Assert.Single(store.Keys);
        Assert.Same(first, second);
        Assert.Equal("issuing-ca", store.Keys.Single().CaId);
        Assert.Equal(2, first.Chain.Count);
        Assert.Equal(first.Certificate.IssuerDN, first.Chain[0].SubjectDN);
    }

    [Fact]
    public async Task GetSigningMaterial_WithinRolloverPeriod_NewKeySupersedesOld()
    {
        var (signer, store, clock) = await CreateAsync();
        var old = await signer.GetSigningMaterialAsync(CancellationToken.None);

        clock.Advance(TimeSpan.FromDays(365 - 29));
        var renewed = await signer.GetSigningMaterialAsync(CancellationToken.None);

        Assert.NotEqual(old.Certificate.SerialNumber, renewed.Certificate.SerialNumber);
        Assert.Equal(2, store.Keys.Count);
        Assert.Single(store.Keys, k => k.Active);
        Assert.True(renewed.Certificate.NotAfter > old.Certificate.NotAfter);
    }

    [Fact]
    public async Task ReplaceIfRevoked_TsaCertificateRevoked_NewKeySupersedesItAtOnce()
    {
        var (signer, store, clock) = await CreateAsync();
        var old = await signer.GetSigningMaterialAsync(CancellationToken.None);
        var oldSerial = SerialNumber.From(old.Certificate.SerialNumber);
        store.Certificates[oldSerial.Hex] = store.Certificates[oldSerial.Hex] with { Status = CertificateStatus.Revoked, RevokedAt = clock.GetUtcNow(), RevocationReason = 1 };

        Assert.True(await signer.ReplaceIfRevokedAsync("issuing-ca", oldSerial, CancellationToken.None));
        var renewed = await signer.GetSigningMaterialAsync(CancellationToken.None);

        Assert.NotEqual(old.Certificate.SerialNumber, renewed.Certificate.SerialNumber);
        Assert.Equal(2, store.Keys.Count);
        Assert.Equal(renewed.Certificate.GetEncoded(), Assert.Single(store.Keys, k => k.Active).CertificateDer);
    }

    [Fact]
    public async Task ReplaceIfRevoked_SomeOtherCertificate_KeepsTheKey()
    {
        var (signer, store, _) = await CreateAsync();
        var before = await signer.GetSigningMaterialAsync(CancellationToken.None);

        Assert.False(await signer.ReplaceIfRevokedAsync("issuing-ca", SerialNumber.NewRandom(), CancellationToken.None));

        Assert.Same(before, await signer.GetSigningMaterialAsync(CancellationToken.None));
        Assert.Single(store.Keys);
    }

    [Fact]
    public async Task GetSigningMaterial_StoredKeyRevokedWhileStopped_ReplacedNotUsed()
    {
        var (signer, store, clock) = await CreateAsync();
        var created = await signer.GetSigningMaterialAsync(CancellationToken.None);
        var serial = SerialNumber.From(created.Certificate.SerialNumber).Hex;
        store.Certificates[serial] = store.Certificates[serial] with { Status = CertificateStatus.OnHold, RevokedAt = clock.GetUtcNow(), RevocationReason = 6 };
        var (restarted, _, _) = await CreateAsync(store, clock);

        var loaded = await restarted.GetSigningMaterialAsync(CancellationToken.None);

        Assert.NotEqual(created.Certificate.SerialNumber, loaded.Certificate.SerialNumber);
        Assert.Single(store.Keys, k => k.Active);
    }

    [Fact]
    public async Task GetSigningMaterial_KeyAlreadyStored_LoadedNotCreated()
    {
        var (signer, store, clock) = await CreateAsync();
        var created = await signer.GetSigningMaterialAsync(CancellationToken.None);
        var (restarted, _, _) = await CreateAsync(store, clock);

        var loaded = await restarted.GetSigningMaterialAsync(CancellationToken.None);

        Assert.Single(store.Keys);
        Assert.Equal(created.Certificate, loaded.Certificate);
    }

    private static async Task<(StoredTsaSigner Signer, FakeServiceKeyStore Store, FakeTimeProvider Clock)> CreateAsync(FakeServiceKeyStore? store = null, FakeTimeProvider? clock = null)
    {
        clock ??= new FakeTimeProvider(Start);
        store ??= new FakeServiceKeyStore();
        var protector = new AesGcmKeyProtector(Kek);
        var registry = new AuthorityRegistry(await Hierarchy.Value, protector);
        var vault = new ServiceKeyVault(store, protector, clock);
        var issued = new Mock<IIssuanceStore>();
        issued.Setup(s => s.FindCertificateAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string serial, string? _, CancellationToken _) => store.Certificates.GetValueOrDefault(serial));
        var statuses = new StoredStatusLookup(issued.Object, registry);
        var signer = new StoredTsaSigner(vault, registry, statuses, Urls, clock, Options.Create(new TsaKeyOptions()), Options.Create(new HierarchyOptions()));
        return (signer, store, clock);
    }

    private static readonly byte[] Kek = RandomNumberGenerator.GetBytes(32);

    private static readonly Lazy<Task<InMemoryAuthorityStore>> Hierarchy = new(async () =>
    {
        var store = new InMemoryAuthorityStore();
        var protector = new AesGcmKeyProtector(Kek);
        using var rootKey = SigningKey.Generate(KeyAlgorithm.EcdsaP256);
        var rootCert = AuthorityCertificateBuilder.BuildRoot(new X509Name("CN=TSA Test Root,C=TH"), rootKey, Start.AddDays(-1), Start.AddYears(10));
        await store.AddAsync(new AuthorityRecord("root-ca", "root", null, rootCert.GetEncoded(), protector.Protect(rootKey.ExportPkcs8(), "root-ca"), rootKey.Algorithm, AuthorityStatus.Active, Start), new AuditEvent("test", "root-ca", "test", "success", Start), CancellationToken.None);
        var root = (await new AuthorityRegistry(store, protector).FindAsync("root-ca", CancellationToken.None))!;
        using var issuingKey = SigningKey.Generate(KeyAlgorithm.EcdsaP256);
        var issuingCert = AuthorityCertificateBuilder.BuildSubordinate(root, new X509Name("CN=TSA Test Issuing,C=TH"), issuingKey.PublicKeyInfo, 0, Start.AddDays(-1), Start.AddYears(5), Urls);
        await store.AddAsync(new AuthorityRecord("issuing-ca", "issuing", "root-ca", issuingCert.GetEncoded(), protector.Protect(issuingKey.ExportPkcs8(), "issuing-ca"), issuingKey.Algorithm, AuthorityStatus.Active, Start), new AuditEvent("test", "issuing-ca", "test", "success", Start), CancellationToken.None);
        return store;
    });

    private sealed class FakeServiceKeyStore : IServiceKeyStore
    {
        private readonly ConcurrentDictionary<string, ServiceKeyRecord> keys = new();

        public IReadOnlyList<ServiceKeyRecord> Keys => keys.Values.ToList();

        /// <summary>The certificates stored with the keys, by serial, as the certificate table would hold them.</summary>
        public ConcurrentDictionary<string, IssuedCertificateRecord> Certificates { get; } = new(StringComparer.Ordinal);

        public Task<IReadOnlyList<ServiceKeyRecord>> ListAsync(ServiceKeyPurpose purpose, string? caId, bool includeInactive, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ServiceKeyRecord>>(keys.Values.Where(k => k.Purpose == purpose && (caId is null || k.CaId == caId) && (includeInactive || k.Active)).ToList());

        public Task<ServiceKeyRecord?> FindAsync(string id, CancellationToken cancellationToken) => Task.FromResult(keys.GetValueOrDefault(id));

        public Task AddAsync(ServiceKeyRecord key, IssuedCertificateRecord certificate, string? supersedes, AuditEvent audit, CancellationToken cancellationToken)
        {
            keys[key.Id] = key;
            Certificates[certificate.SerialNumber] = certificate;
            if (supersedes is not null && keys.TryGetValue(supersedes, out var old))
            {
                keys[supersedes] = old with { Active = false };
            }

            return Task.CompletedTask;
        }
    }
}
