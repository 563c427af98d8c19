using System.Text;
using Ca.Core.Common;
using Ca.Core.Documents;
using Ca.Core.Keys;
using Ca.Core.Timestamping;
using Ca.Tests.Support.Documents;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.Asn1;

namespace Ca.Tests.Documents;

public sealed class CadesSignerTests
{
    private static readonly DocumentPki Pki = DocumentPki.Shared;
    private static readonly byte[] ThaiDocument = Encoding.UTF8.GetBytes("หนังสือรับรอง\nบริษัท ตัวอย่าง จำกัด ได้จดทะเบียนเป็นนิติบุคคล\r\nลงวันที่ ๑ มกราคม ๒๕๖๘\n");

    private static (CadesSigner Signer, FakeTimeProvider Clock) CreateSigner()
    {
        var clock = new FakeTimeProvider(Pki.Now.AddMinutes(1));
        var tsa = new TimeStampAuthority(new FixedTsaSigner(Pki.Tsa), clock, Options.Create(new TsaOptions()));
        return (new CadesSigner(clock, new LocalTimeStampClient(tsa)), clock);
    }

    private static async Task<string> WriteAsync(string dir, string name, byte[] bytes)
    {
        await File.WriteAllBytesAsync(Path.Combine(dir, name), bytes);
        return name;
    }

    // OpenSSL 3.0 cannot verify (or make) Ed25519 CMS signatures ("eddsa_digest_signverify_init: invalid
    // digest", fixed in 3.2), so Ed25519 is judged by BouncyCastle's own CMS verifier below.
    [Theory]
    [InlineData(KeyAlgorithm.EcdsaP256)]
    [InlineData(KeyAlgorithm.Rsa2048)]
    public async Task SignAsync_Detached_OpenSslVerifies(KeyAlgorithm algorithm)
    {
        var material = algorithm == KeyAlgorithm.Rsa2048 ? Pki.RsaSigner : Pki.EcSigner;
        var dir = Pki.NewWorkDirectory();
        var (signer, _) = CreateSigner();

        var signature = await signer.SignAsync(ThaiDocument, material, detached: true, timestamp: false, CancellationToken.None);

        await WriteAsync(dir, "doc.txt", ThaiDocument);
        await WriteAsync(dir, "sig.der", signature);
        var result = await OpenSslRunner.RunOkAsync(dir, "cms", "-verify", "-binary", "-content", "doc.txt", "-inform", "DER", "-in", "sig.der", "-CAfile", Pki.RootPem, "-purpose", "any", "-out", "/dev/null");
        Assert.Contains("Verification successful", result.Output);
    }

    [Fact]
    public async Task SignAsync_Ed25519Attached_BouncyCastleCmsVerifies()
    {
        var (signer, _) = CreateSigner();

        var signature = await signer.SignAsync(ThaiDocument, Pki.EdSigner, detached: false, timestamp: true, CancellationToken.None);

        var signedData = new Org.BouncyCastle.Cms.CmsSignedData(signature);
        var signerInfo = signedData.GetSignerInfos().GetSigners().Single();
        Assert.Equal(Org.BouncyCastle.Asn1.Nist.NistObjectIdentifiers.IdSha512, signerInfo.DigestAlgorithmID.Algorithm);
        Assert.True(signerInfo.Verify(Pki.EdSigner.Certificate.GetPublicKey()));
        using var content = new MemoryStream();
        signedData.SignedContent.Write(content);
        Assert.Equal(ThaiDocument, content.ToArray());
    }

    [Fact]
    public async Task SignAsync_AttachedThaiText_OpenSslVerifiesAndExtractsSameBytes()
    {
        var dir = Pki.NewWorkDirectory();
        var (signer, _) = CreateSigner();

        var signature = await signer.SignAsync(ThaiDocument, Pki.EcSigner, detached: false, timestamp: false, CancellationToken.None);

        await WriteAsync(dir, "sig.der", signature);
        var result = await OpenSslRunner.RunOkAsync(dir, "cms", "-verify", "-binary", "-inform", "DER", "-in", "sig.der", "-CAfile", Pki.RootPem, "-purpose", "any", "-out", "extracted.bin");
        Assert.Contains("Verification successful", result.Output);
        Assert.Equal(ThaiDocument, await File.ReadAllBytesAsync(Path.Combine(dir, "extracted.bin")));
    }

    [Fact]
    public async Task SignAsync_Default_CmsOutShowsCadesSignedAttributes()
    {
        var dir = Pki.NewWorkDirectory();
        var (signer, _) = CreateSigner();

        var signature = await signer.SignAsync(ThaiDocument, Pki.EcSigner, detached: true, timestamp: false, CancellationToken.None);

        await WriteAsync(dir, "sig.der", signature);
        var print = (await OpenSslRunner.RunOkAsync(dir, "cms", "-cmsout", "-print", "-inform", "DER", "-in", "sig.der")).Output;
        Assert.Contains("signingCertificateV2", print);
        Assert.Contains("signingTime", print);
        Assert.Contains("messageDigest", print);
        Assert.Contains("contentType", print);
        Assert.DoesNotContain("timeStampToken", print);
    }

    [Fact]
    public async Task SignAsync_WithTimestamp_OpenSslVerifiesAndShowsTimeStampAttribute()
    {
        var dir = Pki.NewWorkDirectory();
        var (signer, _) = CreateSigner();

        var signature = await signer.SignAsync(ThaiDocument, Pki.EcSigner, detached: true, timestamp: true, CancellationToken.None);

        await WriteAsync(dir, "doc.txt", ThaiDocument);
        await WriteAsync(dir, "sig.der", signature);
        var print = (await OpenSslRunner.RunOkAsync(dir, "cms", "-cmsout", "-print", "-inform", "DER", "-in", "sig.der")).Output;
        Assert.Contains("id-smime-aa-timeStampToken", print);
        var verify = await OpenSslRunner.RunOkAsync(dir, "cms", "-verify", "-binary", "-content", "doc.txt", "-inform", "DER", "-in", "sig.der", "-CAfile", Pki.RootPem, "-purpose", "any", "-out", "/dev/null");
        Assert.Contains("Verification successful", verify.Output);
    }

    [Fact]
    public async Task SignAsync_WithTimestamp_InspectorReportsTsaTimeAndClaimedTime()
    {
        var (signer, clock) = CreateSigner();

        var signature = await signer.SignAsync(ThaiDocument, Pki.EcSigner, detached: false, timestamp: true, CancellationToken.None);

        var result = await new CmsSignatureInspector().InspectAsync(signature, null, CancellationToken.None);
        Assert.Equal(CmsVerdict.Ok, result.Verdict);
        Assert.Equal(clock.GetUtcNow(), result.TimeStampTime);
        Assert.Equal(clock.GetUtcNow(), result.ClaimedSigningTime);
        Assert.Equal(Pki.Tsa.Certificate, result.TimeStampAuthorityCertificate);
        Assert.Equal(Pki.EcSigner.Certificate, result.SignerCertificate);
        Assert.False(result.IsDetached);
    }

    [Fact]
    public async Task SignAsync_Any_OutputIsDer()
    {
        var (signer, _) = CreateSigner();

        var attached = await signer.SignAsync(ThaiDocument, Pki.EcSigner, detached: false, timestamp: true, CancellationToken.None);
        var detached = await signer.SignAsync(ThaiDocument, Pki.RsaSigner, detached: true, timestamp: false, CancellationToken.None);

        Assert.Equal(attached, Asn1Object.FromByteArray(attached).GetEncoded(Asn1Encodable.Der));
        Assert.Equal(detached, Asn1Object.FromByteArray(detached).GetEncoded(Asn1Encodable.Der));
    }

    [Fact]
    public async Task SignAsync_LargeSeekableStreamAttached_OpenSslVerifiesAndExtractsSameBytes()
    {
        var dir = Pki.NewWorkDirectory();
        var document = new byte[25 * 1024 * 1024];
        Random.Shared.NextBytes(document);
        var (signer, _) = CreateSigner();
        await using var stream = new MemoryStream(document, writable: false);

        var signature = await signer.SignAsync(stream, Pki.EcSigner, detached: false, timestamp: true, CancellationToken.None);

        await WriteAsync(dir, "sig.der", signature);
        await OpenSslRunner.RunOkAsync(dir, "cms", "-verify", "-binary", "-inform", "DER", "-in", "sig.der", "-CAfile", Pki.RootPem, "-purpose", "any", "-out", "extracted.bin");
        var extracted = await File.ReadAllBytesAsync(Path.Combine(dir, "extracted.bin"));
        Assert.True(document.AsSpan().SequenceEqual(extracted));
    }

    [Fact]
    public async Task SignAsync_NonSeekableStreamAttachedAndDetached_InspectorAccepts()
    {
        var (signer, _) = CreateSigner();
        var inspector = new CmsSignatureInspector();

        var attached = await signer.SignAsync(new NonSeekableStream(ThaiDocument), Pki.EcSigner, detached: false, timestamp: false, CancellationToken.None);
        var detached = await signer.SignAsync(new NonSeekableStream(ThaiDocument), Pki.EcSigner, detached: true, timestamp: false, CancellationToken.None);

        Assert.Equal(CmsVerdict.Ok, (await inspector.InspectAsync(attached, null, CancellationToken.None)).Verdict);
        Assert.Equal(CmsVerdict.Ok, (await inspector.InspectAsync(detached, new NonSeekableStream(ThaiDocument), CancellationToken.None)).Verdict);
    }

    [Fact]
    public async Task SignAsync_TimestampWithoutClient_Throws()
    {
        var signer = new CadesSigner(new FakeTimeProvider(Pki.Now));

        await Assert.ThrowsAsync<InvalidOperationException>(() => signer.SignAsync(ThaiDocument, Pki.EcSigner, detached: true, timestamp: true, CancellationToken.None));
    }

    [Fact]
    public async Task SignAsync_KeyNotOfCertificate_ThrowsSignerKeyMismatch()
    {
        var (signer, _) = CreateSigner();
        var mismatched = Pki.EcSigner with { Certificate = Pki.RsaSigner.Certificate };

        var error = await Assert.ThrowsAsync<CaException>(() => signer.SignAsync(ThaiDocument, mismatched, detached: true, timestamp: false, CancellationToken.None));

        Assert.Equal("signer-key-mismatch", error.Code);
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data, writable: false)
    {
        public override bool CanSeek => false;
    }
}
