using Ca.Core.Common;
using Ca.Core.Revocation;
using Ca.Tests.Support;

namespace Ca.Tests.Revocation;

/// <summary>CRLs judged by openssl: signature, extensions as openssl reads them, and path validation with -crl_check.</summary>
public sealed class CrlBuilderOpenSslTests : IDisposable
{
    private readonly OpenSslCli openssl = new();
    private readonly TestPki pki = TestPki.Shared;

    public void Dispose() => openssl.Dispose();

    [Fact]
    public void Build_FullCrl_OpensslVerifiesSignature()
    {
        var crl = CrlBuilder.Build(pki.Issuing, FullRequest([Entry(SerialNumber.NewRandom(), RevocationReason.KeyCompromise)]));
        openssl.Write("issuing.pem", pki.IssuingPem);
        openssl.Write("x.crl", crl);

        var result = openssl.Run("crl", "-in", "x.crl", "-inform", "DER", "-CAfile", "issuing.pem", "-noout");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("verify OK", result.Output);
    }

    [Fact]
    public void Build_FullCrl_TextShowsNumberAkiReasonsAndInvalidityDate()
    {
        var compromised = TestPki.Serial("0A1B2C");
        var superseded = TestPki.Serial("0D0E0F");
        var unspecified = TestPki.Serial("112233");
        var request = FullRequest(
            [
                Entry(compromised, RevocationReason.KeyCompromise, invalidity: pki.Now.AddDays(-3)),
                Entry(superseded, RevocationReason.Superseded),
                Entry(unspecified, RevocationReason.Unspecified),
            ],
            number: 42,
            deltaUrl: TestPki.Urls.DeltaCrl(pki.Issuing.Id));
        openssl.Write("x.crl", CrlBuilder.Build(pki.Issuing, request));

        var text = openssl.Run("crl", "-in", "x.crl", "-inform", "DER", "-text", "-noout").EnsureSuccess().StandardOutput;

        Assert.Matches(@"X509v3 CRL Number:\s*\n\s*42", text);
        Assert.Contains("X509v3 Authority Key Identifier:", text);
        Assert.Contains(Colons(pki.Issuing.SubjectKeyIdentifier.GetKeyIdentifier()), text);
        Assert.Contains("X509v3 Freshest CRL:", text);
        Assert.Contains("http://pki.test/crl/issuing-ca-delta.crl", text);
        Assert.Contains("Serial Number: 0A1B2C", text);
        Assert.Contains("Key Compromise", text);
        Assert.Contains("Superseded", text);
        Assert.Contains("Invalidity Date:", text);
        Assert.DoesNotContain("Unspecified", text);
        Assert.DoesNotContain("Delta CRL Indicator", text);
    }

    [Fact]
    public void Build_RevokedLeaf_OpensslVerifyReportsRevoked()
    {
        var leaf = pki.IssueLeaf("revoked.test");
        var crl = CrlBuilder.Build(pki.Issuing, FullRequest([Entry(SerialNumber.From(leaf.SerialNumber), RevocationReason.KeyCompromise)]));
        WriteChain(crl, Pem.Encode("CERTIFICATE", leaf.GetEncoded()));

        var result = VerifyLeaf();

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("certificate revoked", result.Output);
    }

    [Fact]
    public void Build_GoodLeaf_OpensslVerifyPasses()
    {
        var leaf = pki.IssueLeaf("good.test");
        var crl = CrlBuilder.Build(pki.Issuing, FullRequest([Entry(SerialNumber.NewRandom(), RevocationReason.KeyCompromise)]));
        WriteChain(crl, Pem.Encode("CERTIFICATE", leaf.GetEncoded()));

        var result = VerifyLeaf();

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("leaf.pem: OK", result.Output);
    }

    [Fact]
    public void Build_EmptyCrl_OpensslVerifyPassesForLeaf()
    {
        var leaf = pki.IssueLeaf("empty.test");
        WriteChain(CrlBuilder.Build(pki.Issuing, FullRequest([])), Pem.Encode("CERTIFICATE", leaf.GetEncoded()));

        Assert.Equal(0, VerifyLeaf().ExitCode);
    }

    [Fact]
    public void Build_DeltaCrl_TextShowsCriticalIndicatorAndRemoveFromCrl()
    {
        var request = new CrlRequest(
            CrlNumber: 8,
            ThisUpdate: pki.Now,
            NextUpdate: pki.Now.AddHours(4),
            Entries: [Entry(TestPki.Serial("0101"), RevocationReason.CessationOfOperation), Entry(TestPki.Serial("0202"), RevocationReason.RemoveFromCrl)],
            BaseCrlNumber: 7);
        openssl.Write("issuing.pem", pki.IssuingPem);
        openssl.Write("delta.crl", CrlBuilder.Build(pki.Issuing, request));

        var verify = openssl.Run("crl", "-in", "delta.crl", "-inform", "DER", "-CAfile", "issuing.pem", "-noout");
        var text = openssl.Run("crl", "-in", "delta.crl", "-inform", "DER", "-text", "-noout").EnsureSuccess().StandardOutput;

        Assert.Contains("verify OK", verify.Output);
        Assert.Matches(@"X509v3 Delta CRL Indicator: critical\s*\n\s*7", text);
        Assert.Matches(@"X509v3 CRL Number:\s*\n\s*8", text);
        Assert.Contains("Remove From CRL", text);
        Assert.Contains("Cessation Of Operation", text);
        Assert.DoesNotContain("Freshest CRL", text);
    }

    [Fact]
    public void Build_TenThousandVariedEntries_OpensslParsesEveryEntryAndVerifies()
    {
        var entries = CrlEncodingEquivalenceTests.VariedEntries(10_000);
        openssl.Write("issuing.pem", pki.IssuingPem);
        openssl.Write("big.crl", CrlBuilder.Build(pki.Issuing, FullRequest(entries)));

        var verify = openssl.Run("crl", "-in", "big.crl", "-inform", "DER", "-CAfile", "issuing.pem", "-noout");
        var text = openssl.Run("crl", "-in", "big.crl", "-inform", "DER", "-noout", "-text").EnsureSuccess().StandardOutput;

        Assert.Contains("verify OK", verify.Output);
        Assert.Equal(entries.Length, System.Text.RegularExpressions.Regex.Count(text, "Serial Number: "));
        Assert.Contains("Serial Number: " + entries[0].SerialNumber.Hex, text);
        Assert.Contains("Invalidity Date:", text);
        Assert.Contains("Privilege Withdrawn", text);
    }

    private CrlRequest FullRequest(IReadOnlyList<CrlEntry> entries, long number = 1, string? deltaUrl = null) =>
        new(number, pki.Now.AddMinutes(-5), pki.Now.AddDays(1), entries, deltaUrl);

    private CrlEntry Entry(SerialNumber serial, RevocationReason reason, DateTimeOffset? invalidity = null) =>
        new(serial, pki.Now.AddHours(-1), reason, invalidity);

    private void WriteChain(byte[] crl, string leafPem)
    {
        openssl.Write("root.pem", pki.RootPem);
        openssl.Write("issuing.pem", pki.IssuingPem);
        openssl.Write("leaf.pem", leafPem);
        openssl.Write("crl.pem", Pem.Encode("X509 CRL", crl));
    }

    private OpenSslResult VerifyLeaf() =>
        openssl.Run("verify", "-crl_check", "-CRLfile", "crl.pem", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "leaf.pem");

    private static string Colons(byte[] bytes) => string.Join(':', bytes.Select(b => b.ToString("X2")));
}
