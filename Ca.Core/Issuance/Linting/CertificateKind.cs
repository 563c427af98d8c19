namespace Ca.Core.Issuance.Linting;

/// <summary>What a certificate is for; decides which lint rules apply to it.</summary>
public enum CertificateKind
{
    /// <summary>A self-signed root CA.</summary>
    Root,
    /// <summary>An issuing (subordinate) CA.</summary>
    SubordinateCa,
    /// <summary>A subscriber: TLS, person, organisation, e-seal.</summary>
    Subscriber,
    /// <summary>A delegated OCSP responder (RFC 6960 4.2.2.2).</summary>
    OcspResponder,
    /// <summary>A time-stamping authority (RFC 3161 2.3).</summary>
    TimeStamping,
}
