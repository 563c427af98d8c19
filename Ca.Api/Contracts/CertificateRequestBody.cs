namespace Ca.Api.Contracts;

/// <summary>
/// A certificate request. Send <c>csr</c> when you hold the key, or <c>keyAlgorithm</c> +
/// <c>pkcs12Password</c> (+ <c>subject</c>) to have the service generate the key and return a PKCS#12 once.
/// </summary>
public sealed record CertificateRequestBody
{
    /// <summary>Profile name: tls-server, tls-client, person, organization, document-signing.</summary>
    public string? Profile { get; init; }

    /// <summary>PKCS#10 request in PEM.</summary>
    public string? Csr { get; init; }

    /// <summary>Issuing CA id (defaults to the profile's, then the service default).</summary>
    public string? CaId { get; init; }

    /// <summary>Validity in days (at most the profile maximum).</summary>
    public int? ValidityDays { get; init; }

    /// <summary>Subject attributes by short name: CN, O, OU, C, ST, L, serialNumber, emailAddress, ...; overrides the CSR subject.</summary>
    public Dictionary<string, string>? Subject { get; init; }

    /// <summary>subjectAltNames: "www.example.co.th", "ip:192.0.2.1", "email:a@b.th", "uri:https://..."; overrides the CSR's.</summary>
    public List<string>? Sans { get; init; }

    /// <summary>For server-side key generation: ECDSA-P256, ECDSA-P384, RSA-2048, RSA-3072, RSA-4096, Ed25519.</summary>
    public string? KeyAlgorithm { get; init; }

    /// <summary>Password protecting the returned PKCS#12 (server-side key generation).</summary>
    public string? Pkcs12Password { get; init; }

    /// <summary>
    /// PKCS#12 protection: <c>modern</c> (default; AES-256-CBC, PBKDF2-HMAC-SHA256, HMAC-SHA256 MAC, 100,000
    /// iterations) or <c>legacy</c> (3DES and an HMAC-SHA1 MAC, only for Windows 7/8.1 and Server 2012/2016).
    /// </summary>
    public string? Pkcs12Format { get; init; }
}

/// <summary>An officer's rejection.</summary>
/// <param name="Reason">Shown to the requester.</param>
public sealed record RejectBody(string? Reason);
