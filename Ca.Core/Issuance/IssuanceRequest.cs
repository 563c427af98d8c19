namespace Ca.Core.Issuance;

/// <summary>
/// What a requester asks for. Either <see cref="Csr"/> (the requester holds the key) or
/// <see cref="KeyAlgorithm"/> with <see cref="Pkcs12Password"/> (the service generates it).
/// </summary>
public sealed record IssuanceRequest
{
    /// <summary>Profile name.</summary>
    public required string Profile { get; init; }

    /// <summary>PKCS#10 in PEM or base64 DER.</summary>
    public string? Csr { get; init; }

    /// <summary>Issuing CA id; defaults to the profile's, then the service default.</summary>
    public string? CaId { get; init; }

    /// <summary>Validity in days; defaults to the profile's.</summary>
    public int? ValidityDays { get; init; }

    /// <summary>Subject attributes; when absent the CSR's subject is used.</summary>
    public IReadOnlyDictionary<string, string>? Subject { get; init; }

    /// <summary>subjectAltNames in text form; when absent the CSR's are used.</summary>
    public IReadOnlyList<string>? Sans { get; init; }

    /// <summary>For server-side key generation.</summary>
    public string? KeyAlgorithm { get; init; }

    /// <summary>Protects the returned PKCS#12.</summary>
    public string? Pkcs12Password { get; init; }

    /// <summary><c>modern</c> (default: AES-256, PBKDF2-HMAC-SHA256, HMAC-SHA256 MAC) or <c>legacy</c> (3DES/SHA-1, for old Windows only).</summary>
    public string? Pkcs12Format { get; init; }
}
