namespace Ca.Core.Documents.Xades;

/// <summary>Namespaces and algorithm URIs of XMLDSig (RFC 3275, 6931) and XAdES (ETSI EN 319 132-1: the 1.3.2 namespace, and 1.4.1 for ArchiveTimeStamp).</summary>
internal static class XmlDsigNames
{
    public const string DsNamespace = "http://www.w3.org/2000/09/xmldsig#";
    public const string XadesNamespace = "http://uri.etsi.org/01903/v1.3.2#";
    public const string Xades141Namespace = "http://uri.etsi.org/01903/v1.4.1#";
    public const string SignedPropertiesType = "http://uri.etsi.org/01903#SignedProperties";
    public const string EnvelopedSignature = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
    public const string Sha256 = "http://www.w3.org/2001/04/xmlenc#sha256";
    public const string Sha384 = "http://www.w3.org/2001/04/xmldsig-more#sha384";
    public const string Sha512 = "http://www.w3.org/2001/04/xmlenc#sha512";
    public const string Sha1 = "http://www.w3.org/2000/09/xmldsig#sha1";
    public const string RsaSha256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    public const string RsaSha384 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384";
    public const string RsaSha512 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512";
    public const string RsaSha1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
    public const string EcdsaSha256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
    public const string EcdsaSha384 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384";
    public const string EcdsaSha512 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512";

    public static System.Security.Cryptography.HashAlgorithmName? DigestOf(string? uri) => uri switch
    {
        Sha256 => System.Security.Cryptography.HashAlgorithmName.SHA256,
        Sha384 => System.Security.Cryptography.HashAlgorithmName.SHA384,
        Sha512 => System.Security.Cryptography.HashAlgorithmName.SHA512,
        Sha1 => System.Security.Cryptography.HashAlgorithmName.SHA1,
        _ => null,
    };

    /// <summary>(is ECDSA, hash) of a SignatureMethod, or null when unsupported.</summary>
    public static (bool Ecdsa, System.Security.Cryptography.HashAlgorithmName Hash)? SignatureOf(string? uri) => uri switch
    {
        RsaSha256 => (false, System.Security.Cryptography.HashAlgorithmName.SHA256),
        RsaSha384 => (false, System.Security.Cryptography.HashAlgorithmName.SHA384),
        RsaSha512 => (false, System.Security.Cryptography.HashAlgorithmName.SHA512),
        RsaSha1 => (false, System.Security.Cryptography.HashAlgorithmName.SHA1),
        EcdsaSha256 => (true, System.Security.Cryptography.HashAlgorithmName.SHA256),
        EcdsaSha384 => (true, System.Security.Cryptography.HashAlgorithmName.SHA384),
        EcdsaSha512 => (true, System.Security.Cryptography.HashAlgorithmName.SHA512),
        _ => null,
    };
}
