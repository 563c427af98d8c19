using System.Text;
using Ca.Core.Documents;
using Ca.Core.Keys;
using Ca.Core.Timestamping;
using Ca.Tests.Support.Documents;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;

namespace Ca.Tests.Documents;

public sealed class CmsSignatureInspectorTests
{
    private static readonly DocumentPki Pki = DocumentPki.Shared;
    private static readonly byte[] Document = Encoding.UTF8.GetBytes("หนังสือรับรอง ฉบับทดสอบ openssl\n");
    private static readonly Lazy<Task<(byte[] Detached, byte[] Attached, byte[] AttachedPem)>> OpenSslSigned = new(SignWithOpenSslAsync);

    private readonly CmsSignatureInspector inspector = new();

    private static async Task<(byte[] Detached, byte[] Attached, byte[] AttachedPem)> SignWithOpenSslAsync()
    {
        var dir = Pki.NewWorkDirectory();
        await File.WriteAllBytesAsync(Path.Combine(dir, "doc.txt"), Document);
        string[] common = ["cms", "-sign", "-binary", "-in", "doc.txt", "-signer", Pki.SignerCertPem, "-inkey", Pki.SignerKeyPem, "-certfile", Pki.IssuingPem];
        await OpenSslRunner.RunOkAsync(dir, [.. common, "-outform", "DER", "-out", "detached.der"]);
        await OpenSslRunner.RunOkAsync(dir, [.. common, "-nodetach", "-outform", "DER", "-out", "attached.der"]);
        await OpenSslRunner.RunOkAsync(dir, [.. common, "-nodetach", "-outform", "PEM", "-out", "attached.pem"]);
        return (await File.ReadAllBytesAsync(Path.Combine(dir, "detached.der")),
            await File.ReadAllBytesAsync(Path.Combine(dir, "attached.der")),
            await File.ReadAllBytesAsync(Path.Combine(dir, "attached.pem")));
    }

    private static async Task<byte[]> SignOursAsync(bool detached, bool timestamp, DocumentSigningMaterial? material = null)
    {
        var clock = new FakeTimeProvider(Pki.Now);
        var tsa = new TimeStampAuthority(new FixedTsaSigner(Pki.Tsa), clock, Options.Create(new TsaOptions()));
        return await new CadesSigner(clock, new LocalTimeStampClient(tsa)).SignAsync(Document, material ?? Pki.EcSigner, detached, timestamp, CancellationToken.None);
    }

    [Fact]
    public async Task Inspect_OpenSslDetachedWithContent_Ok()
    {
        var (detached, _, _) = await OpenSslSigned.Value;

        var result = inspector.Inspect(detached, Document);

        Assert.Equal(CmsVerdict.Ok, result.Verdict);
        Assert.Equal(Pki.EcSigner.Certificate, result.SignerCertificate);
        Assert.NotNull(result.ClaimedSigningTime);
        Assert.Null(result.TimeStampTime);
        Assert.True(result.IsDetached);
        Assert.Contains(Pki.Issuing.Certificate, result.Certificates);
    }

    [Fact]
    public async Task InspectAsync_OpenSslDetachedWithContentStream_Ok()
    {
        var (detached, _, _) = await OpenSslSigned.Value;

        var result = await inspector.InspectAsync(detached, new MemoryStream(Document), CancellationToken.None);

        Assert.Equal(CmsVerdict.Ok, result.Verdict);
    }

    [Fact]
    public async Task InspectAsync_OpenSslAttached_Ok()
    {
        var (_, attached, _) = await OpenSslSigned.Value;

        var result = await inspector.InspectAsync(attached, null, CancellationToken.None);

        Assert.Equal(CmsVerdict.Ok, result.Verdict);
        Assert.False(result.IsDetached);
    }

    [Fact]
    public async Task InspectAsync_OpenSslAttachedPem_Ok()
    {
        var (_, _, pem) = await OpenSslSigned.Value;

        var result = await inspector.InspectAsync(pem, null, CancellationToken.None);

        Assert.Equal(CmsVerdict.Ok, result.Verdict);
    }

    [Fact]
    public async Task Inspect_OpenSslDetachedTamperedContent_HashFailure()
    {
        var (detached, _, _) = await OpenSslSigned.Value;
        var tampered = (byte[])Document.Clone();
        tampered[^2] ^= 0x01;

        var result = inspector.Inspect(detached, tampered);

        Assert.Equal(CmsVerdict.HashFailure, result.Verdict);
    }

    [Fact]
    public async Task InspectAsync_OpenSslAttachedTamperedContentByte_HashFailure()
    {
        var (_, attached, _) = await OpenSslSigned.Value;
        var tampered = (byte[])attached.Clone();
        var at = attached.AsSpan().IndexOf(Encoding.UTF8.GetBytes("openssl"));
        tampered[at] ^= 0x20;

        var result = await inspector.InspectAsync(tampered, null, CancellationToken.None);

        Assert.Equal(CmsVerdict.HashFailure, result.Verdict);
    }

    [Fact]
    public async Task Inspect_OpenSslTamperedSignature_SignatureFailure()
    {
        var (detached, _, _) = await OpenSslSigned.Value;
        var tampered = CmsMutator.Mutate(detached, info =>
        {
            var signature = info.Signature.GetOctets();
            signature[^3] ^= 0x01;
            return CmsMutator.WithSignature(info, signature);
        });

        var result = inspector.Inspect(tampered, Document);

        Assert.Equal(CmsVerdict.SignatureFailure, result.Verdict);
    }

    [Theory]
    [InlineData(KeyAlgorithm.EcdsaP256)]
    [InlineData(KeyAlgorithm.Rsa2048)]
    [InlineData(KeyAlgorithm.Ed25519)]
    public async Task Inspect_OurSignatureTamperedSignature_SignatureFailure(KeyAlgorithm algorithm)
    {
        var material = algorithm switch { KeyAlgorithm.Rsa2048 => Pki.RsaSigner, KeyAlgorithm.Ed25519 => Pki.EdSigner, _ => Pki.EcSigner };
        var signed = await SignOursAsync(detached: true, timestamp: false, material);
        var tampered = CmsMutator.Mutate(signed, info =>
        {
            var signature = info.Signature.GetOctets();
            signature[^3] ^= 0x01;
            return CmsMutator.WithSignature(info, signature);
        });

        Assert.Equal(CmsVerdict.Ok, inspector.Inspect(signed, Document).Verdict);
        Assert.Equal(CmsVerdict.SignatureFailure, inspector.Inspect(tampered, Document).Verdict);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x30, 0x80 })]
    [InlineData(new byte[] { 0x04, 0x02, 0x01, 0x02 })]
    [InlineData(new byte[] { 0x2D, 0x2D, 0x2D, 0x2D, 0x2D, 0x42, 0x45, 0x47, 0x49, 0x4E, 0x20, 0x43, 0x4D, 0x53 })]
    public async Task InspectAsync_Garbage_FormatFailure(byte[] garbage)
    {
        var result = await inspector.InspectAsync(garbage, null, CancellationToken.None);

        Assert.Equal(CmsVerdict.FormatFailure, result.Verdict);
    }

    [Fact]
    public async Task InspectAsync_NotSignedData_FormatFailure()
    {
        var data = new ContentInfo(CmsObjectIdentifiers.Data, new DerOctetString(Document)).GetEncoded();

        var result = await inspector.InspectAsync(data, null, CancellationToken.None);

        Assert.Equal(CmsVerdict.FormatFailure, result.Verdict);
    }

    [Fact]
    public async Task InspectAsync_DetachedWithoutContent_FormatFailure()
    {
        var (detached, _, _) = await OpenSslSigned.Value;

        var result = await inspector.InspectAsync(detached, null, CancellationToken.None);

        Assert.Equal(CmsVerdict.FormatFailure, result.Verdict);
    }

    [Fact]
    public async Task Inspect_SignerCertificateRemoved_FormatFailure()
    {
        var signed = await SignOursAsync(detached: true, timestamp: false);
        var stripped = CmsMutator.Mutate(signed, info => info, _ => new DerSet(Pki.Issuing.Certificate.CertificateStructure));

        var result = inspector.Inspect(stripped, Document);

        Assert.Equal(CmsVerdict.FormatFailure, result.Verdict);
        Assert.Contains("certificate", result.Message);
    }

    [Fact]
    public async Task Inspect_OtherCertificateForSameKey_SigningCertificateMismatch()
    {
        var signed = await SignOursAsync(detached: true, timestamp: false);
        var twin = DocumentPki.IssueLeaf(Pki.Issuing, "document-signing", Pki.EcSigner.Key, "CN=EC e-Seal twin,O=PkiService Tests,C=TH", Pki.Now);
        var substituted = CmsMutator.Mutate(
            signed,
            info => CmsMutator.WithSid(info, new SignerIdentifier(new IssuerAndSerialNumber(twin.CertificateStructure))),
            _ => new DerSet(twin.CertificateStructure, Pki.Issuing.Certificate.CertificateStructure));

        var result = inspector.Inspect(substituted, Document);

        Assert.Equal(CmsVerdict.SigningCertificateMismatch, result.Verdict);
    }

    [Fact]
    public async Task Inspect_TimeStampOfAnotherSignature_TimestampInvalid()
    {
        var first = await SignOursAsync(detached: true, timestamp: true);
        var second = await SignOursAsync(detached: true, timestamp: true);
        var foreignUnsigned = SignerInfo.GetInstance(SignedData.GetInstance(ContentInfo.GetInstance(Asn1Object.FromByteArray(first)).Content).SignerInfos[0]).UnsignedAttrs;
        var swapped = CmsMutator.Mutate(second, info => CmsMutator.WithUnsigned(info, foreignUnsigned));

        var result = inspector.Inspect(swapped, Document);

        Assert.Equal(CmsVerdict.TimestampInvalid, result.Verdict);
        Assert.Null(result.TimeStampTime);
    }

    [Fact]
    public async Task Inspect_GarbageTimeStampAttribute_TimestampInvalid()
    {
        var signed = await SignOursAsync(detached: true, timestamp: false);
        var garbage = new DerSet(new Org.BouncyCastle.Asn1.Cms.Attribute(
            Org.BouncyCastle.Asn1.Pkcs.PkcsObjectIdentifiers.IdAASignatureTimeStampToken, new DerSet(new DerOctetString([1, 2, 3]))));
        var broken = CmsMutator.Mutate(signed, info => CmsMutator.WithUnsigned(info, garbage));

        var result = inspector.Inspect(broken, Document);

        Assert.Equal(CmsVerdict.TimestampInvalid, result.Verdict);
    }

    [Fact]
    public async Task Inspect_SignerIdentifierBySubjectKeyId_Ok()
    {
        var signed = await SignOursAsync(detached: true, timestamp: false);
        var ski = Org.BouncyCastle.Asn1.X509.SubjectKeyIdentifier.GetInstance(
            Asn1Object.FromByteArray(Pki.EcSigner.Certificate.GetExtensionValue(Org.BouncyCastle.Asn1.X509.X509Extensions.SubjectKeyIdentifier).GetOctets()));
        var bySki = CmsMutator.Mutate(signed, info => CmsMutator.WithSid(info, new SignerIdentifier(ski)));

        var result = inspector.Inspect(bySki, Document);

        Assert.Equal(CmsVerdict.Ok, result.Verdict);
        Assert.Equal(Pki.EcSigner.Certificate, result.SignerCertificate);
    }

    [Fact]
    public async Task Inspect_OurTimestampedSignature_OkWithTimeStampTime()
    {
        var signed = await SignOursAsync(detached: true, timestamp: true);

        var result = inspector.Inspect(signed, Document);

        Assert.Equal(CmsVerdict.Ok, result.Verdict);
        Assert.Equal(Pki.Now, result.TimeStampTime);
        Assert.Equal(Pki.Tsa.Certificate, result.TimeStampAuthorityCertificate);
    }
}
