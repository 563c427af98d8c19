using System.Globalization;
using Ca.Core.Revocation;
using Ca.Core.Validation;
using Ca.Tests.Support;
using Ca.Tests.Support.Pki;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Validation.Online;

/// <summary>
/// RFC 6960 4.2.2.2 and 4.2.2.2.1 for an OCSP answer signed by a responder the CA delegated: the responder's
/// certificate must be issued directly by the CA, carry id-kp-OCSPSigning and be valid when the response was
/// produced (and at a later validation time); with id-pkix-ocsp-nocheck it is trusted without a revocation check,
/// without it its own status comes from the CA's CRL, and a revoked or unknown responder makes the answer unusable.
/// openssl (<c>openssl ocsp -respin</c>) judges the same responses on signature, delegation and EKU; it does not
/// check a responder's revocation, so it accepts what we refuse for that reason alone.
/// </summary>
public sealed class DelegatedOcspResponderTests
{
    private static readonly DateTimeOffset At = TestCertificateBuilder.ValidationTime;
    private static readonly OcspFreshness Rules = new(TimeSpan.FromMinutes(5), TimeSpan.FromHours(1));
    private static readonly Lazy<Pki> Shared = new(() => new Pki());

    [Fact]
    public async Task Judge_ResponderWithNoCheck_GoodWithoutAskingForCrls()
    {
        var pki = Shared.Value;
        var crls = new CountingCrlSource();

        var result = await JudgeAsync(pki, Respond(pki, pki.NoCheckResponder), crls);

        Assert.Equal(RevocationStatus.Good, result.Status);
        Assert.Equal(pki.NoCheckResponder.Certificate.SubjectDN.ToString(), result.Source!.Issuer);
        Assert.Contains("id-pkix-ocsp-nocheck", result.Source.ResponderCheck);
        Assert.Equal(0, crls.Calls);
    }

    [Fact]
    public async Task Judge_ResponderWithoutNoCheckNotOnTheCasCrl_GoodNamingTheCrlAskedOnce()
    {
        var pki = Shared.Value;
        var crl = TestCrlBuilder.By(pki.Ca).Number(41).Revoke(pki.Stranger, At.UtcDateTime.AddDays(-20)).Build();
        var crls = new CountingCrlSource(crl);

        var result = await JudgeAsync(pki, Respond(pki, pki.Responder), crls);

        Assert.Equal(RevocationStatus.Good, result.Status);
        Assert.Equal(pki.Responder.Certificate.SubjectDN.ToString(), result.Source!.Issuer);
        Assert.Contains("not revoked", result.Source.ResponderCheck);
        Assert.Contains("number 41", result.Source.ResponderCheck);
        Assert.Equal(1, crls.Calls);
    }

    [Fact]
    public async Task Judge_ResponderWithoutNoCheckRevokedOnTheCasCrl_NotUsableSayingWhy()
    {
        var pki = Shared.Value;
        var crl = TestCrlBuilder.By(pki.Ca).Revoke(pki.Responder, At.UtcDateTime.AddDays(-10), (int)RevocationReason.KeyCompromise).Build();

        var result = await JudgeAsync(pki, Respond(pki, pki.Responder), new CountingCrlSource(crl));

        Assert.Equal(RevocationStatus.Unknown, result.Status);
        Assert.True(result.EvidenceNotUsable);
        Assert.Contains("which is revoked", result.Detail);
        Assert.Contains(pki.Responder.Certificate.SubjectDN.ToString(), result.Detail);
    }

    [Fact]
    public async Task Judge_ResponderWithoutNoCheckAndNoCrl_NotUsableStatusUnknown()
    {
        var pki = Shared.Value;

        var result = await JudgeAsync(pki, Respond(pki, pki.Responder), new CountingCrlSource());

        Assert.Equal(RevocationStatus.Unknown, result.Status);
        Assert.True(result.EvidenceNotUsable);
        Assert.Contains("own status is unknown", result.Detail);
    }

    [Fact]
    public async Task Judge_ResponderWithoutNoCheckAndNoCrlSourceAtAll_NotUsable()
    {
        var pki = Shared.Value;

        var result = await OcspResponseVerifier.JudgeAsync(Respond(pki, pki.Responder), Request(pki), At, Rules, new RevocationSource(RevocationOrigin.CallerOcsp), null, CancellationToken.None);

        Assert.Equal(RevocationStatus.Unknown, result.Status);
        Assert.Contains("no id-pkix-ocsp-nocheck", result.Detail);
    }

    [Fact]
    public async Task Judge_RevokedAnswerFromRevokedResponder_NotUsableEither()
    {
        var pki = Shared.Value;
        var crl = TestCrlBuilder.By(pki.Ca).Revoke(pki.Responder, At.UtcDateTime.AddDays(-10), (int)RevocationReason.KeyCompromise).Build();
        var response = Respond(pki, pki.Responder, new RevokedStatus(At.UtcDateTime.AddDays(-2), (int)RevocationReason.KeyCompromise));

        var result = await JudgeAsync(pki, response, new CountingCrlSource(crl));

        Assert.Equal(RevocationStatus.Unknown, result.Status);
    }

    [Fact]
    public async Task Judge_ResponderIssuedByAnotherCaOfTheSameName_Refused()
    {
        var pki = Shared.Value;

        var result = await JudgeAsync(pki, Respond(pki, pki.ImpostorResponder), new CountingCrlSource());

        Assert.Equal(RevocationStatus.Unknown, result.Status);
        Assert.Contains("not issued by the certificate's issuer", result.Detail);
    }

    [Fact]
    public async Task Judge_ResponderExpiredWhenTheResponseWasProduced_Refused()
    {
        var pki = Shared.Value;

        var result = await JudgeAsync(pki, Respond(pki, pki.ExpiredResponder), new CountingCrlSource());

        Assert.Equal(RevocationStatus.Unknown, result.Status);
        Assert.Contains("was not valid when the response was produced", result.Detail);
    }

    [Fact]
    public async Task Judge_ResponderValidAtProducedAtButExpiredAtTheLaterValidationTime_Refused()
    {
        var pki = Shared.Value;
        var response = Respond(pki, pki.ShortLivedResponder, producedAt: At.AddDays(-3), nextUpdate: At.AddDays(5));

        var result = await OcspResponseVerifier.JudgeAsync(response, Request(pki), At, Rules, new RevocationSource(RevocationOrigin.CallerOcsp), new CrlRevocationChecker(new CountingCrlSource()), CancellationToken.None);

        Assert.Equal(RevocationStatus.Unknown, result.Status);
        Assert.Contains("expired", result.Detail);
    }

    [Fact]
    public async Task Vouch_ExaminationCachedWhileTheResponderWasValidServedAfterItExpired_Refused()
    {
        // The online client keeps an examined answer until its nextUpdate; a later request may come after the
        // responder's own expiry, and the answer must not outlive its responder there either.
        var pki = Shared.Value;
        var response = Respond(pki, pki.ShortLivedResponder, producedAt: At.AddDays(-3), nextUpdate: At.AddDays(5));
        var examined = OcspResponseVerifier.Examine(response, pki.Leaf.Certificate, pki.Ca.Certificate, At.AddDays(-2), At.AddDays(-2), Rules, new RevocationSource(RevocationOrigin.Ocsp));
        Assert.Equal(RevocationStatus.Good, examined.Answer.Status);

        var later = await OcspResponseVerifier.VouchAsync(examined, Request(pki), null, CancellationToken.None);

        Assert.Equal(RevocationStatus.Unknown, later.Status);
        Assert.Contains("expired", later.Detail);
    }

    [Fact]
    public async Task Composite_RevokedResponderThenCasCrl_CrlAnswersAndTheDetailSaysWhyOcspWasNotUsed()
    {
        var pki = Shared.Value;
        var crl = TestCrlBuilder.By(pki.Ca).Revoke(pki.Responder, At.UtcDateTime.AddDays(-10), (int)RevocationReason.KeyCompromise).Build();
        var crlChecker = new CrlRevocationChecker(new StaticCrlSource([crl]), origin: RevocationOrigin.CallerCrl);
        var checker = new CompositeRevocationChecker(
            new OcspResponsesRevocationChecker([Respond(pki, pki.Responder)], RevocationOrigin.CallerOcsp, Rules, responderStatus: crlChecker),
            crlChecker);

        var result = await checker.CheckAsync(Request(pki), CancellationToken.None);

        Assert.Equal(RevocationStatus.Good, result.Status);
        Assert.Equal(RevocationOrigin.CallerCrl, result.Source!.Origin);
        Assert.Contains("not used: ", result.Detail);
        Assert.Contains("which is revoked", result.Detail);
    }

    [Theory]
    [InlineData("nocheck", true, true)]
    [InlineData("checked-not-revoked", true, true)]
    [InlineData("checked-revoked", true, false)]
    [InlineData("impostor", false, false)]
    [InlineData("expired", false, false)]
    public async Task OpenSsl_SameResponse_AgreesOnSignatureAndDelegation(string @case, bool openSslAccepts, bool weAccept)
    {
        var pki = Shared.Value;
        var (responder, crl) = @case switch
        {
            "nocheck" => (pki.NoCheckResponder, TestCrlBuilder.By(pki.Ca).Build()),
            "checked-not-revoked" => (pki.Responder, TestCrlBuilder.By(pki.Ca).Build()),
            "checked-revoked" => (pki.Responder, TestCrlBuilder.By(pki.Ca).Revoke(pki.Responder, At.UtcDateTime.AddDays(-10), (int)RevocationReason.KeyCompromise).Build()),
            "impostor" => (pki.ImpostorResponder, TestCrlBuilder.By(pki.Ca).Build()),
            _ => (pki.ExpiredResponder, TestCrlBuilder.By(pki.Ca).Build()),
        };
        var response = Respond(pki, responder);
        using var openssl = new OpenSslCli();
        openssl.Write("response.der", response);
        openssl.Write("ca.pem", pki.Ca.Pem);
        openssl.Write("responder.pem", responder.Pem);

        var judged = openssl.Run("ocsp", "-respin", "response.der", "-verify_other", "responder.pem", "-CAfile", "ca.pem",
            "-attime", At.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        var ours = await JudgeAsync(pki, response, new CountingCrlSource(crl));

        Assert.True(openSslAccepts == judged.Output.Contains("Response verify OK", StringComparison.Ordinal), judged.Output);
        Assert.Equal(weAccept, ours.Status == RevocationStatus.Good);
    }

    private static ValueTask<RevocationCheckResult> JudgeAsync(Pki pki, byte[] response, CountingCrlSource crls) =>
        OcspResponseVerifier.JudgeAsync(response, Request(pki), At, Rules, new RevocationSource(RevocationOrigin.CallerOcsp), new CrlRevocationChecker(crls), CancellationToken.None);

    private static RevocationRequest Request(Pki pki) => new()
    {
        Certificate = pki.Leaf,
        Issuer = pki.Ca,
        IssuerName = pki.Ca.Subject,
        IssuerPublicKey = pki.Ca.PublicKey,
        ValidationTime = At,
        TrustAnchor = new ValidationTrustAnchor(pki.Ca.Certificate),
    };

    private static byte[] Respond(Pki pki, TestCertificate responder, CertificateStatus? status = null, DateTimeOffset? producedAt = null, DateTimeOffset? nextUpdate = null) =>
        Respond(pki.Ca, pki.Leaf, responder, status, producedAt, nextUpdate);

    /// <summary>A good (or given) answer about <paramref name="leaf"/>, produced a day before <see cref="At"/> unless said otherwise.</summary>
    internal static byte[] Respond(TestCertificate ca, TestCertificate leaf, TestCertificate responder, CertificateStatus? status = null, DateTimeOffset? producedAt = null, DateTimeOffset? nextUpdate = null)
    {
        var produced = producedAt ?? At.AddDays(-1);
        var generator = new BasicOcspRespGenerator(new RespID(responder.Subject));
        generator.AddResponse(new CertificateID(CertificateID.DigestSha1, ca.Certificate, leaf.Certificate.SerialNumber), status, produced.UtcDateTime, (nextUpdate ?? At.AddDays(2)).UtcDateTime, null);
        var basic = generator.Generate(new Asn1SignatureFactory(TestKeys.SignatureAlgorithm(responder.PrivateKey), responder.PrivateKey), [responder.Certificate], produced.UtcDateTime);
        return new OCSPRespGenerator().Generate(OCSPRespGenerator.Successful, basic).GetEncoded();
    }

    /// <summary>A CA, its leaf, and responders: delegated with and without nocheck, expired, short-lived, and one from an impostor CA of the same name.</summary>
    internal sealed class Pki
    {
        public Pki()
        {
            Ca = TestCertificateBuilder.Root("Delegating CA").Build();
            Leaf = TestCertificateBuilder.Leaf("Delegated Leaf", Ca).Build();
            Stranger = TestCertificateBuilder.Leaf("Some Other Leaf", Ca).Build();
            NoCheckResponder = ResponderBuilder("Responder With NoCheck", Ca).Extension(OcspObjectIdentifiers.PkixOcspNocheck, false, DerNull.Instance).Build();
            Responder = ResponderBuilder("Responder Checked By CRL", Ca).Build();
            ExpiredResponder = ResponderBuilder("Expired Responder", Ca).Validity(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)).Build();
            ShortLivedResponder = ResponderBuilder("Short-lived Responder", Ca).Extension(OcspObjectIdentifiers.PkixOcspNocheck, false, DerNull.Instance)
                .Validity(At.AddDays(-30), At.AddDays(-1)).Build();
            var impostor = TestCertificateBuilder.Root("Delegating CA").Build();
            ImpostorResponder = ResponderBuilder("Impostor Responder", impostor).Extension(OcspObjectIdentifiers.PkixOcspNocheck, false, DerNull.Instance).Build();
        }

        public TestCertificate Ca { get; }

        public TestCertificate Leaf { get; }

        public TestCertificate Stranger { get; }

        public TestCertificate NoCheckResponder { get; }

        public TestCertificate Responder { get; }

        public TestCertificate ExpiredResponder { get; }

        public TestCertificate ShortLivedResponder { get; }

        public TestCertificate ImpostorResponder { get; }

        /// <summary>A responder certificate as RFC 6960 4.2.2.2 wants it: an end entity with digitalSignature and id-kp-OCSPSigning.</summary>
        public static TestCertificateBuilder ResponderBuilder(string cn, TestCertificate issuer) =>
            TestCertificateBuilder.Leaf(cn, issuer).ExtendedKeyUsage(KeyPurposeID.id_kp_OCSPSigning.Id);
    }

    /// <summary>A fixed set of CRLs that counts how often it is asked.</summary>
    private sealed class CountingCrlSource(params X509Crl[] crls) : ICrlSource
    {
        private int calls;

        public int Calls => Volatile.Read(ref calls);

        public ValueTask<IReadOnlyList<X509Crl>> GetCrlsAsync(X509Certificate certificate, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref calls);
            return ValueTask.FromResult<IReadOnlyList<X509Crl>>(crls);
        }
    }
}
