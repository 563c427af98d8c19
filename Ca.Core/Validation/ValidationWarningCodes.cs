namespace Ca.Core.Validation;

/// <summary>The codes of <see cref="ValidationWarning"/>: part of the API, never renamed.</summary>
public static class ValidationWarningCodes
{
    /// <summary>The signature time-stamp was made over another signature value (copied from elsewhere): ignored.</summary>
    public const string TimestampNotForThisSignature = "timestamp-not-for-this-signature";

    /// <summary>The signature time-stamp does not carry the certificate of the TSA that signed it: ignored.</summary>
    public const string TimestampAuthorityCertificateMissing = "timestamp-tsa-certificate-missing";

    /// <summary>The signature time-stamp is damaged or its own signature does not verify: ignored.</summary>
    public const string TimestampInvalid = "timestamp-invalid";

    /// <summary>The time-stamp is intact but its TSA's certificate does not validate (see the cause): it proves no time.</summary>
    public const string TimestampUntrusted = "timestamp-untrusted";

    /// <summary>A PDF signature's byte range stops somewhere other than the end of a revision (%%EOF).</summary>
    public const string PdfByteRangeNotRevisionEnd = "pdf-byte-range-not-revision-end";

    /// <summary>A plain XMLDSig signature: no XAdES properties, so no certificate binding, signing time or time-stamp.</summary>
    public const string XmlSignatureWithoutXades = "xmldsig-without-xades";

    /// <summary>XAdES properties without SigningCertificate(V2): the certificate is not bound to the signature.</summary>
    public const string XadesSigningCertificateMissing = "xades-signing-certificate-missing";

    /// <summary>No source could tell the revocation status of a certificate; accepted because the caller's policy says "prefer".</summary>
    public const string RevocationUnavailableAccepted = "revocation-unavailable-accepted";

    /// <summary>Every code, for clients and tests that must know them all.</summary>
    public static IReadOnlyList<string> All { get; } =
        [
            TimestampNotForThisSignature, TimestampAuthorityCertificateMissing, TimestampInvalid, TimestampUntrusted,
            PdfByteRangeNotRevisionEnd, XmlSignatureWithoutXades, XadesSigningCertificateMissing, RevocationUnavailableAccepted,
        ];
}
