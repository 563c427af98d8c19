namespace Ca.Core.Profiles;

/// <summary>The keyUsage bits a subscriber profile may ask for (RFC 5280 4.2.1.3).</summary>
public enum KeyUsageName
{
    /// <summary>Signatures other than on certificates/CRLs (TLS handshakes, documents).</summary>
    DigitalSignature,
    /// <summary>Also called contentCommitment: the signer stands behind the content.</summary>
    NonRepudiation,
    /// <summary>RSA key transport (TLS RSA kex, S/MIME encryption). RSA keys only.</summary>
    KeyEncipherment,
    /// <summary>Direct encryption of data with the key. RSA keys only.</summary>
    DataEncipherment,
    /// <summary>Key agreement (ECDH). EC keys only.</summary>
    KeyAgreement,
}
