using Ca.Core.Authorities;
using Ca.Core.Common;
using Ca.Core.Issuance;
using Ca.Core.Revocation;
using Org.BouncyCastle.Security.Certificates;
using Org.BouncyCastle.X509;

namespace Ca.Core.Accounts;

/// <summary>
/// Mutual-TLS login with certificates this PKI issued: the certificate must be signed by one of our
/// CAs, be within its validity, carry id-kp-clientAuth, be on record here exactly as presented, and
/// neither it nor any CA above it may be revoked or held; it then acts as the account that requested
/// it. A PKI authenticating its own users with its own certificates, with revocation of the
/// certificate or of its CA effective at once.
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
        var (record, failure) = await VerifyAsync(certificateDer, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return (null, failure);
        }

        var account = await accounts.FindAsync(record.Owner, cancellationToken).ConfigureAwait(false);
        return account is { DeletedAt: null } ? (account, null) : (null, "the certificate's account does not exist");
    }

    /// <summary>
    /// The stored certificate when the presented one may log in now (ours, in validity, clientAuth, on
    /// record exactly, neither it nor a CA above it revoked or held); else null and the reason. Shared
    /// by the API's mutual-TLS login and the portal's certificate sign-in.
    /// </summary>
    public async Task<(IssuedCertificateRecord? Certificate, string? Failure)> VerifyAsync(byte[] certificateDer, CancellationToken cancellationToken)
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

        var records = await authorities.ListAsync(cancellationToken).ConfigureAwait(false);
        var issuer = records.FirstOrDefault(r => IssuedBy(presented, new X509Certificate(r.CertificateDer)));
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
        var record = await certificates.FindCertificateAsync(serial, issuer.Id, cancellationToken).ConfigureAwait(false);
        if (record is null || !record.Der.AsSpan().SequenceEqual(certificateDer))
        {
            return (null, "the client certificate is not on record");
        }

        if (!RevocationState.Of(record).IsGood)
        {
            return (null, "the client certificate is revoked or on hold");
        }

        // The whole chain, not just the leaf: a certificate under a revoked CA vouches for nobody.
        if (StoredStatusLookup.FirstRevokedIssuer(records, issuer.Id) is { } revokedCa)
        {
            return (null, $"the client certificate's CA '{revokedCa}' is revoked");
        }

        return (record, null);
    }

    private static bool IssuedBy(X509Certificate certificate, X509Certificate ca)
    {
        if (!ca.SubjectDN.Equivalent(certificate.IssuerDN))
        {
            return false;
        }

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
