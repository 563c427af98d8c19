using System.Text;
using Ca.Core.Documents;
using Ca.Core.Documents.Xades;
using Ca.Core.Keys;
using Ca.Core.Timestamping;
using Ca.Tests.Support.Documents;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Ca.Tests.Documents.Xades;

/// <summary>XAdES signing judged by xmlsec1 (XMLDSig core and chain to our root).</summary>
public sealed class XadesSignerTests
{
    private static readonly DocumentPki Pki = DocumentPki.Shared;

    internal static byte[] Invoice => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "documents", "etax-invoice.xml"));

    internal static XadesSigner Signer()
    {
        var clock = new FakeTimeProvider(Pki.Now);
        return new XadesSigner(clock, new LocalTimeStampClient(new TimeStampAuthority(new FixedTsaSigner(Pki.Tsa), clock, Options.Create(new TsaOptions()))));
    }

    internal static Task<OpenSslResult> Xmlsec1VerifyAsync(string directory, byte[] xml)
    {
        File.WriteAllBytes(Path.Combine(directory, "signed.xml"), xml);
        return ToolRunner.RunAsync("xmlsec1", directory, "--verify", "--trusted-pem", Pki.RootPem, "--untrusted-pem", Pki.IssuingPem,
            "--id-attr:Id", "http://uri.etsi.org/01903/v1.3.2#:SignedProperties", "signed.xml");
    }

    [Theory]
    [InlineData(KeyAlgorithm.EcdsaP256)]
    [InlineData(KeyAlgorithm.Rsa2048)]
    public async Task SignAsync_EtaxInvoice_Xmlsec1VerifiesWithChainToRoot(KeyAlgorithm algorithm)
    {
        var material = algorithm == KeyAlgorithm.Rsa2048 ? Pki.RsaSigner : Pki.EcSigner;
        var dir = Pki.NewWorkDirectory();

        var signed = await Signer().SignAsync(Invoice, material, timestamp: true, CancellationToken.None);

        var result = await Xmlsec1VerifyAsync(dir, signed);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("OK", result.Output);
        var text = Encoding.UTF8.GetString(signed);
        Assert.Contains("ใบกำกับภาษี", text);
        Assert.Contains("<xades:SigningCertificateV2>", text);
        Assert.Contains("<xades:EncapsulatedTimeStamp>", text);
    }

    [Fact]
    public async Task SignAsync_ChangedAfterSigning_Xmlsec1Refuses()
    {
        var dir = Pki.NewWorkDirectory();
        var signed = Encoding.UTF8.GetString(await Signer().SignAsync(Invoice, Pki.EcSigner, timestamp: false, CancellationToken.None));

        var result = await Xmlsec1VerifyAsync(dir, Encoding.UTF8.GetBytes(signed.Replace("1070.00", "1.00", StringComparison.Ordinal)));

        Assert.NotEqual(0, result.ExitCode);
    }

    [Theory]
    [InlineData(SignatureLevel.BLT)]
    [InlineData(SignatureLevel.BLTA)]
    public async Task SignAsync_LongTermLevelWithoutValidationDataSource_Refused422(SignatureLevel level)
    {
        var e = await Assert.ThrowsAsync<Ca.Core.Common.CaException>(() => Signer().SignAsync(Invoice, Pki.EcSigner, level, CancellationToken.None));

        Assert.Equal("level-unavailable", e.Code);
    }

    [Fact]
    public async Task SignAsync_DocumentWithDtd_Refused422()
    {
        var xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>"u8.ToArray();

        var e = await Assert.ThrowsAsync<Ca.Core.Common.CaException>(() => Signer().SignAsync(xxe, Pki.EcSigner, timestamp: false, CancellationToken.None));

        Assert.Equal("invalid-xml", e.Code);
    }
}
