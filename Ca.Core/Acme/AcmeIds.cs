using System.Security.Cryptography;
using Ca.Core.Acme.Jws;
using Ca.Core.Common;

namespace Ca.Core.Acme;

/// <summary>Random, unguessable ids and tokens, and the caller an ACME account acts as.</summary>
public static class AcmeIds
{
    /// <summary>A new id: 128 random bits, base64url (22 characters).</summary>
    public static string New() => Base64Url.Encode(RandomNumberGenerator.GetBytes(16));

    /// <summary>A challenge token: 256 random bits (RFC 8555 8.1 asks for at least 128).</summary>
    public static string NewToken() => Base64Url.Encode(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// What an ACME account does, it does for the business that owns it: Core's rules (ownership,
    /// subscriber revocation reasons) and the audit log see that business as the actor.
    /// </summary>
    public static CallerContext CallerFor(AcmeAccount account, string? correlationId) =>
        new(account.Owner, new HashSet<string>(StringComparer.Ordinal) { Roles.Requester }, correlationId);

    /// <summary>How the audit log names whoever proved possession of a certificate's key: this prefix and the key's RFC 7638 thumbprint.</summary>
    public const string CertificateKeyActorPrefix = "acme-certificate-key:";

    /// <summary>
    /// The holder of a certificate's key revoking it with a JWS that key signed (RFC 8555 7.6): no
    /// account is involved, so the actor is the key (by thumbprint), acting as a subscriber for the
    /// business that owns the certificate (whose rules, such as the subscriber's revocation reasons, apply).
    /// </summary>
    public static CallerContext CallerForCertificateKey(string keyThumbprint, string certificateOwner, string? correlationId) =>
        new(CertificateKeyActorPrefix + keyThumbprint, new HashSet<string>(StringComparer.Ordinal) { Roles.Requester }, correlationId, certificateOwner);
}
