using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Org.BouncyCastle.Security.Certificates;
using Org.BouncyCastle.X509;

namespace Ca.Core.Accounts;

/// <summary>
/// Mutual-TLS login with certificates this PKI issued: the certificate must be signed by one of our
/// CAs, be within its validity, carry id-kp-clientAuth, be on record here exactly as presented and
/// not revoked or held; it then acts as the account that requested it. A PKI authenticating its own
/// users with its own certificates, with revocation effective at once.
/// </summary>
public sealed class ClientCertificateAuthenticator
{
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    private readonly AuthorityRegistry authorities;
    private readonly IIssuanceStore certificates;
    private readonly IAccountStore accounts;
    private readonly TimeProvider clock;

    /// <summary>Creates the authenticator.</summary>
    public ClientCertificateAuthenticator(AuthorityRegistry authorities, IIssuanceStore certificates, IAccountStore accounts, TimeProvider clock)
    {
        this.authorities = authorities;
        this.certificates = certificates;
        this.accounts = accounts;
        this.clock = clock;
    }

    /// <summary>The account the certificate stands for, or null (with the reason) when it does not authenticate.</summary>
    public async Task<(Account? Account, string? Failure)> AuthenticateAsync(byte[] certificateDer, CancellationToken cancellationToken)
    {
        X509Certificate presented;
        try
        {
            presented = new X509Certificate(certificateDer);
        }
        catch (Exception e) when (e is CertificateException or ArgumentException or IOException or InvalidCastException)
        {
            return (null, "the client certificate does not parse");
        }

        var issuer = (await authorities.ListAsync(cancellationToken).ConfigureAwait(false))
            .Select(r => new X509Certificate(r.CertificateDer))
            .FirstOrDefault(ca => ca.SubjectDN.Equivalent(presented.IssuerDN) && SignedBy(presented, ca));
        if (issuer is null)
        {
            return (null, "the client certificate was not issued by this PKI");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (now < presented.NotBefore.ToUniversalTime() || now > presented.NotAfter.ToUniversalTime())
        {
            return (null, "the client certificate is outside its validity period");
        }

        if (presented.GetExtendedKeyUsage()?.Any(oid => oid.Id == ClientAuth) != true)
        {
            return (null, "the client certificate is not for client authentication");
        }

        var serial = SerialNumber.From(presented.SerialNumber).Hex;
        var record = await certificates.FindCertificateAsync(serial, null, cancellationToken).ConfigureAwait(false);
        if (record is null || !record.Der.AsSpan().SequenceEqual(certificateDer))
        {
            return (null, "the client certificate is not on record");
        }

        if (record.Status != CertificateStatus.Valid)
        {
            return (null, "the client certificate is revoked or on hold");
        }

        var account = await accounts.FindAsync(record.Owner, cancellationToken).ConfigureAwait(false);
        return account is { DeletedAt: null } ? (account, null) : (null, "the certificate's account does not exist");
    }

    private static bool SignedBy(X509Certificate certificate, X509Certificate ca)
    {
        try
        {
            certificate.Verify(ca.GetPublicKey());
            return true;
        }
        catch (Exception e) when (e is Org.BouncyCastle.Security.InvalidKeyException or Org.BouncyCastle.Security.SignatureException or CertificateException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
