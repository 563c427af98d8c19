using Ca.Core.Revocation;
using Ca.Core.Validation;
using Ca.Tests.Support.Pki;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;

namespace Ca.Tests.Validation.Online;

/// <summary>
/// RFC 6960 rules for an OCSP answer about another CA's certificate: who may sign it (the issuer, or a responder
/// the issuer itself delegated with id-kp-OCSPSigning), the nonce (optional, but never a different one), and
/// freshness (thisUpdate not in the future, the validation time within nextUpdate, with clock skew).
/// </summary>
public sealed class OcspResponseVerifierTests
{
    private static readonly DateTimeOffset Now = TestCertificateBuilder.ValidationTime;
    private static readonly OcspFreshness Rules = new(TimeSpan.FromMinutes(5), TimeSpan.FromHours(1));
    private static readonly Lazy<Pki> Shared = new(() => new Pki());

    [Fact]
    public void Judge_SignedByIssuer_GoodWithTimes()
    {
        var pki = Shared.Value;
        var response = Respond(pki, pki.Issuer, null);

        var result = Judge(pki, response);

        Assert.Equal(RevocationStatus.Good, result.Status);
        Assert.Equal(RevocationOrigin.Ocsp, result.Source!.Origin);
        Assert.Equal(Now.AddHours(-1), result.Source.ThisUpdate);
        Assert.Equal(Now.AddDays(1), result.Source.NextUpdate);
    }

    [Fact]
    public void Judge_DelegatedResponderIssuedByIssuerWithOcspSigning_Good()
    {
        var pki = Shared.Value;

        var result = Judge(pki, Respond(pki, pki.Delegate, null));

        Assert.Equal(RevocationStatus.Good, result.Status);
        Assert.Equal(pki.Delegate.Certificate.SubjectDN.ToString(), result.Source!.Issuer);
    }

    [Fact]
    public void Judge_DelegateWithoutOcspSigningEku_Unknown()
    {
        var pki = Shared.Value;

        var result = Judge(pki, Respond(pki, pki.DelegateWithoutEku, null));

        Assert.Equal(RevocationStatus.Unknown, result.Status);
        Assert.Contains("4.2.2.2", result.Detail);
    }

    [Fact]
    public void Judge_DelegateIssuedByAnotherCa_Unknown()
    {
        var pki = Shared.Value;

        var result = Judge(pki, Respond(pki, pki.DelegateOfStranger, null));

        Assert.Equal(RevocationStatus.Unknown, result.Status);
    }

    [Fact]
    public void Judge_RevokedAnswer_RevokedWithReason()
    {
        var pki = Shared.Value;
        var revokedAt = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);

        var result = Judge(pki, Respond(pki, pki.Issuer, new RevokedStatus(revokedAt, (int)RevocationReason.KeyCompromise)));

        Assert.Equal(RevocationStatus.Revoked, result.Status);
        Assert.Equal(RevocationReason.KeyCompromise, result.Reason);
        Assert.Equal(new DateTimeOffset(revokedAt), result.RevocationTime);
    }

    [Fact]
    public void Judge_StaleAnswer_Unknown()
    {
        var pki = Shared.Value;
        var response = Respond(pki, pki.Issuer, null, thisUpdate: Now.AddDays(-10), nextUpdate: Now.AddDays(-3));

        var result = Judge(pki, response);

        Assert.Equal(RevocationStatus.Unknown, result.Status);
        Assert.Contains("stale", result.Detail);
    }

    [Fact]
    public void Judge_NextUpdateJustWithinClockSkew_Good()
    {
        var pki = Shared.Value;
        var response = Respond(pki, pki.Issuer, null, thisUpdate: Now.AddDays(-1), nextUpdate: Now.AddMinutes(-4));

        Assert.Equal(RevocationStatus.Good, Judge(pki, response).Status);
    }

    [Fact]
    public void Judge_ThisUpdateInTheFuture_Unknown()
    {
        var pki = Shared.Value;
        var response = Respond(pki, pki.Issuer, null, thisUpdate: Now.AddHours(2), nextUpdate: Now.AddDays(2));

        var result = Judge(pki, response);

        Assert.Equal(RevocationStatus.Unknown, result.Status);
        Assert.Contains("future", result.Detail);
    }

    [Fact]
    public void Judge_NoNextUpdateAndOlderThanMaximumAge_Unknown()
    {
        var pki = Shared.Value;
        var old = Respond(pki, pki.Issuer, null, thisUpdate: Now.AddHours(-3), omitNextUpdate: true);
        var recent = Respond(pki, pki.Issuer, null, thisUpdate: Now.AddMinutes(-30), omitNextUpdate: true);

        Assert.Equal(RevocationStatus.Unknown, Judge(pki, old).Status);
        Assert.Equal(RevocationStatus.Good, Judge(pki, recent).Status);
    }

    [Fact]
    public void Judge_NonceEchoedOrAbsent_GoodButOtherNonce_Unknown()
    {
        var pki = Shared.Value;
        byte[] sent = [1, 2, 3, 4, 5, 6, 7, 8];

        var echoed = Respond(pki, pki.Issuer, null, nonce: sent);
        var other = Respond(pki, pki.Issuer, null, nonce: [9, 9, 9, 9]);
        var none = Respond(pki, pki.Issuer, null);

        Assert.Equal(RevocationStatus.Good, Judge(pki, echoed, sent).Status);
        Assert.Equal(RevocationStatus.Good, Judge(pki, none, sent).Status);
        Assert.Equal(RevocationStatus.Unknown, Judge(pki, other, sent).Status);
    }

    [Fact]
    public void Judge_AnswerAboutAnotherSerial_Unknown()
    {
        var pki = Shared.Value;
        var response = Respond(pki, pki.Issuer, null, serial: pki.Delegate.Certificate.SerialNumber);

        Assert.Equal(RevocationStatus.Unknown, Judge(pki, response).Status);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x30, 0x03, 0x0A, 0x01, 0x00 })]
    [InlineData(new byte[] { 0x30, 0x03, 0x0A, 0x01, 0x03 })]
    [InlineData(new byte[] { 0x04, 0x02, 0x01, 0x02 })]
    public void Judge_MalformedOrUnsuccessfulResponse_UnknownNotException(byte[] response)
    {
        var pki = Shared.Value;

        Assert.Equal(RevocationStatus.Unknown, Judge(pki, response).Status);
    }

    private static RevocationCheckResult Judge(Pki pki, byte[] response, byte[]? nonce = null) =>
        OcspResponseVerifier.Judge(response, pki.Leaf, pki.Issuer, Now, Now, Rules with { Nonce = nonce }, new RevocationSource(RevocationOrigin.Ocsp, "http://ocsp.example/"));

    internal static byte[] Respond(
        Pki pki,
        TestCertificate signer,
        CertificateStatus? status,
        DateTimeOffset? thisUpdate = null,
        DateTimeOffset? nextUpdate = null,
        byte[]? nonce = null,
        Org.BouncyCastle.Math.BigInteger? serial = null,
        bool omitNextUpdate = false)
    {
        var generator = new BasicOcspRespGenerator(new RespID(signer.Certificate.SubjectDN));
        DateTimeOffset? next = omitNextUpdate ? null : nextUpdate ?? Now.AddDays(1);
        generator.AddResponse(
            new CertificateID(CertificateID.DigestSha1, pki.Issuer, serial ?? pki.Leaf.Certificate.SerialNumber),
            status,
            (thisUpdate ?? Now.AddHours(-1)).UtcDateTime,
            next?.UtcDateTime,
            null);
        if (nonce is not null)
        {
            generator.SetResponseExtensions(new X509Extensions(new Dictionary<DerObjectIdentifier, X509Extension>
            {
                [OcspObjectIdentifiers.PkixOcspNonce] = new(false, new DerOctetString(new DerOctetString(nonce).GetEncoded())),
            }));
        }

        var basic = generator.Generate(new Asn1SignatureFactory(TestKeys.SignatureAlgorithm(signer.PrivateKey), signer.PrivateKey), signer == pki.Issuer ? null : [signer.Certificate], (thisUpdate ?? Now).UtcDateTime);
        return new OCSPRespGenerator().Generate(OCSPRespGenerator.Successful, basic).GetEncoded();
    }

    /// <summary>An issuer, a leaf, and responders the issuer did and did not delegate.</summary>
    internal sealed class Pki
    {
        /// <summary>id-kp-OCSPSigning, the purpose RFC 6960 4.2.2.2 requires of a delegated responder.</summary>
        private const string OcspSigning = "1.3.6.1.5.5.7.3.9";

        public Pki()
        {
            Issuer = TestCertificateBuilder.Root("OCSP Test CA").Build();
            Leaf = TestCertificateBuilder.Leaf("OCSP Test Leaf", Issuer).Build();
            Delegate = TestCertificateBuilder.Leaf("OCSP Responder", Issuer).ExtendedKeyUsage(OcspSigning).Build();
            DelegateWithoutEku = TestCertificateBuilder.Leaf("OCSP Responder No EKU", Issuer).Build();
            var stranger = TestCertificateBuilder.Root("Stranger CA").IssuerName(TestCertificateBuilder.Name("Stranger Root")).Build();
            DelegateOfStranger = TestCertificateBuilder.Leaf("Stranger Responder", stranger).ExtendedKeyUsage(OcspSigning).Build();
        }

        public TestCertificate Issuer { get; }

        public TestCertificate Leaf { get; }

        public TestCertificate Delegate { get; }

        public TestCertificate DelegateWithoutEku { get; }

        public TestCertificate DelegateOfStranger { get; }
    }
}
