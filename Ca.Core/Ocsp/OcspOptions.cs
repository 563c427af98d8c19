namespace Ca.Core.Ocsp;

/// <summary>
/// OCSP responder settings (section <c>Pki:Ocsp</c>). The defaults follow RFC 5019 practice: short-lived
/// pre-signable responses, a short-lived delegated signer, and small requests.
/// </summary>
public sealed class OcspOptions
{
    /// <summary>nextUpdate minus thisUpdate: how long a relying party may cache an answer. Bounds how stale a "good" can be.</summary>
    public TimeSpan ResponseValidity { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A cached response is re-signed this long before its nextUpdate, so clients never receive one about to expire.</summary>
    public TimeSpan CacheRefreshMargin { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Most (CA, serial) pairs kept pre-signed; bounds the cache's memory (a response is roughly 1-2 KB).</summary>
    public int CacheCapacity { get; set; } = 100_000;

    /// <summary>Most CertIDs accepted in one request; more is treated as malformed to cap the signing work one request can cause.</summary>
    public int MaxCertificatesPerRequest { get; set; } = 20;

    /// <summary>
    /// Lifetime of a delegated responder certificate; short because it carries id-pkix-ocsp-nocheck and cannot be
    /// revoked. At most <see cref="OcspResponderCertificateBuilder.MaxValidity"/>.
    /// </summary>
    public TimeSpan ResponderCertificateValidity { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// certificatePolicies of responder certificates; unset means <see cref="Profiles.ServicePolicyOids.OcspResponder"/>.
    /// Set it to the OID of your CP's OCSP responder section.
    /// </summary>
    public List<string>? ResponderPolicyOids { get; set; }

    /// <summary>Throws on settings that cannot work or would make the responder certificate long-lived.</summary>
    public void EnsureValid()
    {
        if (ResponderCertificateValidity <= TimeSpan.Zero || ResponderCertificateValidity > OcspResponderCertificateBuilder.MaxValidity)
        {
            throw new InvalidOperationException(
                $"Pki:Ocsp:ResponderCertificateValidity must be positive and at most {OcspResponderCertificateBuilder.MaxValidity.TotalDays:0} days: the responder certificate carries id-pkix-ocsp-nocheck, so relying parties trust it for its whole lifetime (RFC 6960 4.2.2.2.1).");
        }

        if (ResponseValidity <= TimeSpan.Zero || CacheRefreshMargin < TimeSpan.Zero || CacheCapacity < 0 || MaxCertificatesPerRequest <= 0)
        {
            throw new InvalidOperationException("Pki:Ocsp: validities, margins and counts must be positive.");
        }
    }
}
