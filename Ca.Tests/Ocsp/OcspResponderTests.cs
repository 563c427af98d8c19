using Ca.Core.Common;
using Ca.Core.Ocsp;
using Ca.Core.Revocation;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Ocsp;

/// <summary>Responder edge cases and caching, with requests built and responses read by BouncyCastle.</summary>
public sealed class OcspResponderTests
{
    private readonly OcspTestBed bed = new(new OcspOptions { ResponseValidity = TimeSpan.FromHours(1), CacheRefreshMargin = TimeSpan.FromMinutes(10) });

    [Fact]
    public async Task RespondAsync_EmptyInput_MalformedRequest()
    {
        Assert.Equal(OCSPRespGenerator.MalformedRequest, await StatusOf([]));
    }

    [Fact]
    public async Task RespondAsync_TrailingBytes_MalformedRequest()
    {
        var request = Request(bed.Pki.IssueLeaf("x"));

        Assert.Equal(OCSPRespGenerator.MalformedRequest, await StatusOf([.. request, 0x00]));
    }

    [Fact]
    public async Task RespondAsync_TooManyCertIds_MalformedRequest()
    {
        var ids = Enumerable.Range(1, 21).Select(i => new CertificateID(CertificateID.DigestSha1, bed.Pki.Issuing.Certificate, Org.BouncyCastle.Math.BigInteger.ValueOf(i))).ToArray();

        Assert.Equal(OCSPRespGenerator.MalformedRequest, await StatusOf(Request(ids)));
        Assert.Equal(0, bed.Statuses.Lookups);
    }

    [Fact]
    public async Task RespondAsync_NonceLongerThan32_MalformedRequest()
    {
        var id = IdFor(bed.Pki.IssueLeaf("x"));

        Assert.Equal(OCSPRespGenerator.MalformedRequest, await StatusOf(Request([id], nonce: new byte[33])));
    }

    [Fact]
    public async Task RespondAsync_UnsupportedHashAlgorithm_Unauthorized()
    {
        var md5 = new AlgorithmIdentifier(new DerObjectIdentifier("1.2.840.113549.2.5"), DerNull.Instance);
        var certId = new CertID(md5, new DerOctetString(new byte[16]), new DerOctetString(new byte[16]), DerInteger.ValueOf(5));

        Assert.Equal(OCSPRespGenerator.Unauthorized, await StatusOf(Request([new CertificateID(certId)])));
    }

    [Fact]
    public async Task RespondAsync_StatusSourceFails_InternalError()
    {
        bed.Statuses.Failure = new InvalidOperationException("database down");

        Assert.Equal(OCSPRespGenerator.InternalError, await StatusOf(Request(bed.Pki.IssueLeaf("x"))));
    }

    [Fact]
    public async Task RespondAsync_ZeroSerial_AnswersUnknown()
    {
        var id = new CertificateID(CertificateID.DigestSha1, bed.Pki.Issuing.Certificate, Org.BouncyCastle.Math.BigInteger.Zero);

        var single = Assert.Single(await BasicOf(Request([id])).ContinueWith(t => t.Result.Responses));

        Assert.IsType<UnknownStatus>(single.GetCertStatus());
    }

    [Fact]
    public async Task RespondAsync_Good_SignedByResponderByKeyWithCertAndValidity()
    {
        var leaf = bed.Leaf("x", CertificateStatusInfo.Good);
        var now = bed.Clock.GetUtcNow();

        var basic = await BasicOf(Request(leaf));

        Assert.True(basic.Verify(bed.Signer.ResponderCertificate.GetPublicKey()));
        Assert.Equal(bed.Signer.ResponderCertificate, Assert.Single(basic.GetCerts()));
        var byKey = ResponderID.GetInstance(basic.ResponderId.ToAsn1Object()).GetKeyHash();
        Assert.NotNull(byKey);
        var single = Assert.Single(basic.Responses);
        Assert.Null(single.GetCertStatus());
        Assert.Equal(Truncate(now), single.ThisUpdate);
        Assert.Equal(Truncate(now.AddHours(1)), single.NextUpdate);
        Assert.Equal(Truncate(now), basic.ProducedAt);
    }

    [Fact]
    public async Task RespondAsync_UnspecifiedReason_RevokedWithoutReason()
    {
        var leaf = bed.Leaf("x", CertificateStatusInfo.Revoked(bed.Clock.GetUtcNow().AddDays(-1), RevocationReason.Unspecified));

        var status = Assert.IsType<RevokedStatus>(Assert.Single((await BasicOf(Request(leaf))).Responses).GetCertStatus());

        Assert.False(status.HasRevocationReason);
    }

    [Fact]
    public async Task RespondAsync_RepeatedWithoutNonce_ServedFromCache()
    {
        var request = Request(bed.Leaf("x", CertificateStatusInfo.Good));

        var first = await bed.Responder.RespondAsync(request, CancellationToken.None);
        bed.Clock.Advance(TimeSpan.FromMinutes(30));
        var second = await bed.Responder.RespondAsync(request, CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(1, bed.Statuses.Lookups);
        Assert.Equal(1, bed.Cache.Count);
    }

    [Fact]
    public async Task RespondAsync_CachedPastRefreshMargin_SignsFresh()
    {
        var request = Request(bed.Leaf("x", CertificateStatusInfo.Good));

        await bed.Responder.RespondAsync(request, CancellationToken.None);
        bed.Clock.Advance(TimeSpan.FromMinutes(51));
        await bed.Responder.RespondAsync(request, CancellationToken.None);

        Assert.Equal(2, bed.Statuses.Lookups);
    }

    [Fact]
    public async Task RespondAsync_AfterInvalidate_ReportsNewStatus()
    {
        var leaf = bed.Leaf("x", CertificateStatusInfo.Good);
        var request = Request(leaf);
        await bed.Responder.RespondAsync(request, CancellationToken.None);

        var serial = SerialNumber.From(leaf.SerialNumber);
        bed.Statuses.Set(bed.Pki.Issuing.Id, serial, CertificateStatusInfo.Revoked(bed.Clock.GetUtcNow(), RevocationReason.KeyCompromise));
        bed.Cache.Invalidate(bed.Pki.Issuing.Id, serial);
        var basic = await BasicOf(request);

        Assert.IsType<RevokedStatus>(Assert.Single(basic.Responses).GetCertStatus());
    }

    [Fact]
    public async Task RespondAsync_WithNonce_NeverCached()
    {
        var id = IdFor(bed.Leaf("x", CertificateStatusInfo.Good));

        await bed.Responder.RespondAsync(Request([id], nonce: [1, 2, 3, 4]), CancellationToken.None);
        await bed.Responder.RespondAsync(Request([id], nonce: [1, 2, 3, 4]), CancellationToken.None);

        Assert.Equal(2, bed.Statuses.Lookups);
        Assert.Equal(0, bed.Cache.Count);
    }

    [Fact]
    public async Task RespondAsync_Sha1AndSha256ForSameSerial_CachedSeparately()
    {
        var leaf = bed.Leaf("x", CertificateStatusInfo.Good);
        var sha256 = new CertificateID(new AlgorithmIdentifier(Org.BouncyCastle.Asn1.Nist.NistObjectIdentifiers.IdSha256), bed.Pki.Issuing.Certificate, leaf.SerialNumber);

        await bed.Responder.RespondAsync(Request(leaf), CancellationToken.None);
        var basic = await BasicOf(Request([sha256]));

        Assert.Equal(sha256, Assert.Single(basic.Responses).GetCertID());
        Assert.Equal(2, bed.Statuses.Lookups);
    }

    [Fact]
    public async Task RespondAsync_CancelledToken_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var keys = new CancellingKeys();
        var responder = new OcspResponder(keys, bed.Statuses, bed.Cache, bed.Options, bed.Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<OcspResponder>.Instance);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => responder.RespondAsync(Request(bed.Pki.IssueLeaf("x")), cancelled.Token));
    }

    private CertificateID IdFor(X509Certificate leaf) => new(CertificateID.DigestSha1, bed.Pki.Issuing.Certificate, leaf.SerialNumber);

    private byte[] Request(X509Certificate leaf) => Request([IdFor(leaf)]);

    private static byte[] Request(CertificateID[] ids, byte[]? nonce = null)
    {
        var generator = new OcspReqGenerator();
        foreach (var id in ids)
        {
            generator.AddRequest(id);
        }

        if (nonce is not null)
        {
            generator.SetRequestExtensions(new X509Extensions([OcspObjectIdentifiers.PkixOcspNonce], [new X509Extension(false, new DerOctetString(new DerOctetString(nonce)))]));
        }

        return generator.Generate().GetEncoded();
    }

    private async Task<int> StatusOf(byte[] request) => new OcspResp(await bed.Responder.RespondAsync(request, CancellationToken.None)).Status;

    private async Task<BasicOcspResp> BasicOf(byte[] request)
    {
        var response = new OcspResp(await bed.Responder.RespondAsync(request, CancellationToken.None));
        Assert.Equal(OCSPRespGenerator.Successful, response.Status);
        return (BasicOcspResp)response.GetResponseObject();
    }

    private static DateTime Truncate(DateTimeOffset time) => time.UtcDateTime.AddTicks(-(time.UtcDateTime.Ticks % TimeSpan.TicksPerSecond));

    private sealed class CancellingKeys : IOcspSigningKeys
    {
        public ValueTask<IReadOnlyList<OcspSigner>> GetSignersAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult<IReadOnlyList<OcspSigner>>([]);
        }
    }
}
