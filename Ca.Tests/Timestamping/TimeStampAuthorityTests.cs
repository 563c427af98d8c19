using Ca.Core.Timestamping;
using Moq;
using Ca.Tests.Support.Documents;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.Asn1.Cmp;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Oiw;
using Org.BouncyCastle.Tsp;

namespace Ca.Tests.Timestamping;

public sealed class TimeStampAuthorityTests
{
    private static readonly DocumentPki Pki = DocumentPki.Shared;

    private static (TimeStampAuthority Tsa, FakeTimeProvider Clock) CreateTsa(TsaOptions? options = null)
    {
        var clock = new FakeTimeProvider(Pki.Now);
        return (new TimeStampAuthority(new FixedTsaSigner(Pki.Tsa), clock, Options.Create(options ?? new TsaOptions())), clock);
    }

    private static async Task<(string Dir, byte[] Query)> OpenSslQueryAsync(params string[] extra)
    {
        var dir = Pki.NewWorkDirectory();
        await File.WriteAllTextAsync(Path.Combine(dir, "doc.txt"), "หนังสือรับรอง time-stamp test\n");
        await OpenSslRunner.RunOkAsync(dir, ["ts", "-query", "-data", "doc.txt", .. extra, "-out", "q.tsq"]);
        return (dir, await File.ReadAllBytesAsync(Path.Combine(dir, "q.tsq")));
    }

    [Fact]
    public async Task RespondAsync_OpenSslQuery_OpenSslVerifiesReply()
    {
        var (dir, query) = await OpenSslQueryAsync("-sha256", "-cert");
        var (tsa, _) = CreateTsa();

        await File.WriteAllBytesAsync(Path.Combine(dir, "reply.tsr"), await tsa.RespondAsync(query, CancellationToken.None));

        var verify = await OpenSslRunner.RunOkAsync(dir, "ts", "-verify", "-in", "reply.tsr", "-queryfile", "q.tsq", "-CAfile", Pki.ChainPem);
        Assert.Contains("Verification: OK", verify.Output);
        var dataVerify = await OpenSslRunner.RunOkAsync(dir, "ts", "-verify", "-in", "reply.tsr", "-data", "doc.txt", "-CAfile", Pki.ChainPem);
        Assert.Contains("Verification: OK", dataVerify.Output);
    }

    [Fact]
    public async Task RespondAsync_OpenSslQuery_ReplyTextShowsPolicyNonceAccuracy()
    {
        var (dir, query) = await OpenSslQueryAsync("-sha256", "-cert");
        var request = new TimeStampRequest(query);
        var (tsa, _) = CreateTsa();

        await File.WriteAllBytesAsync(Path.Combine(dir, "reply.tsr"), await tsa.RespondAsync(query, CancellationToken.None));

        var text = (await OpenSslRunner.RunOkAsync(dir, "ts", "-reply", "-in", "reply.tsr", "-text")).Output;
        Assert.Contains("Status: Granted.", text);
        Assert.Contains($"Policy OID: {TsaOptions.DefaultPolicyOid}", text);
        Assert.Contains("Accuracy: 0x01 seconds", text);
        var nonceLine = text.Split('\n').Single(l => l.StartsWith("Nonce: 0x", StringComparison.Ordinal));
        Assert.Equal(request.Nonce, new Org.BouncyCastle.Math.BigInteger(nonceLine["Nonce: 0x".Length..].Trim(), 16));
        Assert.Contains("Hash Algorithm: sha256", text);
        Assert.Contains("TSA: DirName:/CN=Documents Test TSA", text);
    }

    [Fact]
    public async Task RespondAsync_Granted_TokenCarriesEssSigningCertificateV2AndGenTimeFromClock()
    {
        var (tsa, clock) = CreateTsa();
        clock.Advance(TimeSpan.FromMinutes(5));
        var request = NewRequest(NistObjectIdentifiers.IdSha256.Id, 32, certReq: true);

        var response = new TimeStampResponse(await tsa.RespondAsync(request.GetEncoded(), CancellationToken.None));

        response.Validate(request);
        Assert.Equal((int)PkiStatus.Granted, response.Status);
        var token = response.TimeStampToken;
        Assert.Equal(Pki.Now.AddMinutes(5).UtcDateTime, token.TimeStampInfo.GenTime);
        Assert.NotNull(token.SignedAttributes[Org.BouncyCastle.Asn1.Pkcs.PkcsObjectIdentifiers.IdAASigningCertificateV2]);
        Assert.Equal(2, token.GetCertificates().EnumerateMatches(null).Count());
        token.Validate(Pki.Tsa.Certificate);
    }

    [Fact]
    public async Task RespondAsync_NoCertReq_TokenCarriesNoCertificates()
    {
        var (tsa, _) = CreateTsa();
        var request = NewRequest(NistObjectIdentifiers.IdSha256.Id, 32, certReq: false);

        var response = new TimeStampResponse(await tsa.RespondAsync(request.GetEncoded(), CancellationToken.None));

        Assert.Empty(response.TimeStampToken.GetCertificates().EnumerateMatches(null));
    }

    [Fact]
    public async Task RespondAsync_TwoRequests_SerialNumbersDiffer()
    {
        var (tsa, _) = CreateTsa();
        var request = NewRequest(NistObjectIdentifiers.IdSha256.Id, 32, certReq: false);

        var first = new TimeStampResponse(await tsa.RespondAsync(request.GetEncoded(), CancellationToken.None));
        var second = new TimeStampResponse(await tsa.RespondAsync(request.GetEncoded(), CancellationToken.None));

        Assert.NotEqual(first.TimeStampToken.TimeStampInfo.SerialNumber, second.TimeStampToken.TimeStampInfo.SerialNumber);
    }

    [Fact]
    public async Task RespondAsync_Garbage_RejectsWithBadDataFormat()
    {
        var (tsa, _) = CreateTsa();
        var dir = Pki.NewWorkDirectory();

        var reply = await tsa.RespondAsync([0x30, 0x03, 0x02, 0x01], CancellationToken.None);

        var response = new TimeStampResponse(reply);
        Assert.Equal((int)PkiStatus.Rejection, response.Status);
        Assert.Equal(PkiFailureInfo.BadDataFormat, response.GetFailInfo().IntValue);
        await File.WriteAllBytesAsync(Path.Combine(dir, "reply.tsr"), reply);
        var text = (await OpenSslRunner.RunOkAsync(dir, "ts", "-reply", "-in", "reply.tsr", "-text")).Output;
        Assert.Contains("Status: Rejected", text);
        Assert.Contains("Failure info:", text);
        Assert.Contains("the data submitted has the wrong format", text);
    }

    [Fact]
    public async Task RespondAsync_VersionBeyondInt_RejectsWithBadRequest()
    {
        // Found by the mutation campaign (seed 1301): BouncyCastle reads the version as an int on demand and threw
        // ArithmeticException outside the decoding guard, a 500 for the client's bytes.
        var (tsa, _) = CreateTsa();
        var imprint = new Org.BouncyCastle.Asn1.Tsp.MessageImprint(
            new Org.BouncyCastle.Asn1.X509.AlgorithmIdentifier(NistObjectIdentifiers.IdSha256), new byte[32]);
        var query = new Org.BouncyCastle.Asn1.DerSequence(
            new Org.BouncyCastle.Asn1.DerInteger(new Org.BouncyCastle.Math.BigInteger(1, [0x7F, .. Enumerable.Repeat((byte)0xFF, 600)])), imprint);

        var response = new TimeStampResponse(await tsa.RespondAsync(query.GetEncoded(), CancellationToken.None));

        Assert.Equal((int)PkiStatus.Rejection, response.Status);
        Assert.Equal(PkiFailureInfo.BadRequest, response.GetFailInfo().IntValue);
    }

    [Fact]
    public async Task RespondAsync_Sha1Query_RejectsWithBadAlg()
    {
        var (_, query) = await OpenSslQueryAsync("-sha1");
        var (tsa, _) = CreateTsa();

        var response = new TimeStampResponse(await tsa.RespondAsync(query, CancellationToken.None));

        Assert.Equal((int)PkiStatus.Rejection, response.Status);
        Assert.Equal(PkiFailureInfo.BadAlg, response.GetFailInfo().IntValue);
        Assert.Null(response.TimeStampToken);
    }

    [Fact]
    public async Task RespondAsync_ForeignPolicy_RejectsWithUnacceptedPolicy()
    {
        var (_, query) = await OpenSslQueryAsync("-sha256", "-tspolicy", "1.2.3.4.5");
        var (tsa, _) = CreateTsa();

        var response = new TimeStampResponse(await tsa.RespondAsync(query, CancellationToken.None));

        Assert.Equal((int)PkiStatus.Rejection, response.Status);
        Assert.Equal(PkiFailureInfo.UnacceptedPolicy, response.GetFailInfo().IntValue);
    }

    [Fact]
    public async Task RespondAsync_OurPolicyRequested_Granted()
    {
        var (_, query) = await OpenSslQueryAsync("-sha256", "-tspolicy", TsaOptions.DefaultPolicyOid);
        var (tsa, _) = CreateTsa();

        var response = new TimeStampResponse(await tsa.RespondAsync(query, CancellationToken.None));

        Assert.Equal((int)PkiStatus.Granted, response.Status);
    }

    [Fact]
    public async Task RespondAsync_WrongImprintLength_RejectsWithBadDataFormat()
    {
        var (tsa, _) = CreateTsa();
        var request = NewRequest(NistObjectIdentifiers.IdSha256.Id, 20, certReq: false);

        var response = new TimeStampResponse(await tsa.RespondAsync(request.GetEncoded(), CancellationToken.None));

        Assert.Equal(PkiFailureInfo.BadDataFormat, response.GetFailInfo().IntValue);
    }

    [Fact]
    public async Task RespondAsync_SignerUnavailable_RejectsWithSystemFailure()
    {
        var signer = new Mock<ITsaSigner>();
        signer.Setup(s => s.GetSigningMaterialAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new IOException("disk"));
        var tsa = new TimeStampAuthority(signer.Object, new FakeTimeProvider(Pki.Now), Options.Create(new TsaOptions()));

        var response = new TimeStampResponse(await tsa.RespondAsync(NewRequest(NistObjectIdentifiers.IdSha256.Id, 32, false).GetEncoded(), CancellationToken.None));

        Assert.Equal(PkiFailureInfo.SystemFailure, response.GetFailInfo().IntValue);
    }

    [Fact]
    public async Task RespondAsync_CertificateWithoutTimeStampingEku_RejectsWithSystemFailure()
    {
        var notTsa = new TsaSigningMaterial(Pki.EcSigner.Key, Pki.EcSigner.Certificate, []);
        var tsa = new TimeStampAuthority(new FixedTsaSigner(notTsa), new FakeTimeProvider(Pki.Now), Options.Create(new TsaOptions()));

        var response = new TimeStampResponse(await tsa.RespondAsync(NewRequest(NistObjectIdentifiers.IdSha256.Id, 32, false).GetEncoded(), CancellationToken.None));

        Assert.Equal((int)PkiStatus.Rejection, response.Status);
        Assert.Equal(PkiFailureInfo.SystemFailure, response.GetFailInfo().IntValue);
    }

    [Fact]
    public void Constructor_PolicyNotAnOid_Throws()
    {
        Assert.Throws<InvalidOperationException>(() =>
            new TimeStampAuthority(new FixedTsaSigner(Pki.Tsa), TimeProvider.System, Options.Create(new TsaOptions { PolicyOid = "our-policy" })));
    }

    private static TimeStampRequest NewRequest(string hashOid, int imprintLength, bool certReq)
    {
        var generator = new TimeStampRequestGenerator();
        generator.SetCertReq(certReq);
        return generator.Generate(hashOid, new byte[imprintLength], Org.BouncyCastle.Math.BigInteger.ValueOf(Random.Shared.NextInt64(1, long.MaxValue)));
    }

    [Fact]
    public void AcceptedImprintHashes_Sha1_NotAccepted()
    {
        Assert.DoesNotContain(OiwObjectIdentifiers.IdSha1.Id, TimeStampAlgorithms.AcceptedImprintHashes);
    }
}
