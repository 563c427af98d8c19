namespace Ca.Core.Validation;

/// <summary>Where a revocation answer came from, so a report can say what it relied on.</summary>
public enum RevocationOrigin
{
    /// <summary>This service's own database (certificates it issued).</summary>
    Database,

    /// <summary>An OCSP response fetched from the certificate's AIA responder.</summary>
    Ocsp,

    /// <summary>A CRL fetched from the certificate's distribution point.</summary>
    Crl,

    /// <summary>A CRL the caller supplied in its policy.</summary>
    CallerCrl,

    /// <summary>An OCSP response the caller supplied in its policy.</summary>
    CallerOcsp,

    /// <summary>Revocation data carried by the signed document (a PDF DSS, XAdES revocation values).</summary>
    Document,
}

/// <summary>The evidence behind one revocation answer.</summary>
/// <param name="Origin">Database, OCSP, CRL, or supplied by the caller or the document.</param>
/// <param name="Location">The OCSP responder or CRL URL that answered, when fetched.</param>
/// <param name="CrlNumber">The cRLNumber of the CRL used (of the delta CRL when one was applied), decimal.</param>
/// <param name="Issuer">Who signed the evidence (CRL issuer, OCSP responder subject).</param>
/// <param name="ThisUpdate">thisUpdate of the CRL or OCSP answer.</param>
/// <param name="NextUpdate">nextUpdate of the CRL or OCSP answer.</param>
/// <param name="ProducedAt">producedAt of an OCSP response.</param>
/// <param name="ResponderCheck">
/// For an OCSP answer signed by a delegated responder: how the responder's own certificate was vouched for
/// (id-pkix-ocsp-nocheck, or the CRL that shows it not revoked; RFC 6960 4.2.2.2.1).
/// </param>
public sealed record RevocationSource(
    RevocationOrigin Origin,
    string? Location = null,
    string? CrlNumber = null,
    string? Issuer = null,
    DateTimeOffset? ThisUpdate = null,
    DateTimeOffset? NextUpdate = null,
    DateTimeOffset? ProducedAt = null,
    string? ResponderCheck = null)
{
    /// <summary>The database answer.</summary>
    public static RevocationSource Database { get; } = new(RevocationOrigin.Database);
}
