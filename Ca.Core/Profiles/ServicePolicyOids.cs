namespace Ca.Core.Profiles;

/// <summary>
/// The certificate and time-stamping policy OIDs the service writes by default, all under one arc
/// (<see cref="Arc"/>) so a relying party can tell our certificates by their policy:
/// <code>
/// {Arc}.1.n  certificate policies: 1 tls-server, 2 tls-client, 3 person, 4 organization,
///            5 document-signing, 6 OCSP responder, 7 time-stamping authority
/// {Arc}.2.n  time-stamping (RFC 3161) policies: 1 the TSA's default policy
/// </code>
/// The arc is 1.3.6.1.4.1.32473, the IANA Private Enterprise Number that RFC 5612 reserves for
/// documentation, so the defaults can never collide with someone else's real policy. An operator
/// publishes its CP/CPS under its own arc (its IANA PEN or national arc) and configures each OID:
/// <c>Pki:Profiles:{name}:PolicyOids</c>, <c>Pki:Ocsp:ResponderPolicyOids</c>,
/// <c>Pki:Tsa:CertificatePolicyOids</c> and <c>Pki:Tsa:PolicyOid</c>.
/// A UUID arc (2.25.n, X.667) needs no registration, but GnuTLS cannot parse its 128-bit component
/// and NSS prints it as UNSUPPORTED, so it is not used.
/// </summary>
public static class ServicePolicyOids
{
    /// <summary>The service's default policy arc (RFC 5612 documentation PEN, sub-arc 1).</summary>
    public const string Arc = "1.3.6.1.4.1.32473.1";

    /// <summary>tls-server certificates.</summary>
    public const string TlsServer = Arc + ".1.1";

    /// <summary>tls-client certificates.</summary>
    public const string TlsClient = Arc + ".1.2";

    /// <summary>An individual's e-certificate.</summary>
    public const string Person = Arc + ".1.3";

    /// <summary>A juristic person's e-certificate.</summary>
    public const string Organization = Arc + ".1.4";

    /// <summary>E-seal (document-signing) certificates.</summary>
    public const string DocumentSigning = Arc + ".1.5";

    /// <summary>Delegated OCSP responder certificates.</summary>
    public const string OcspResponder = Arc + ".1.6";

    /// <summary>The time-stamping authority's certificate.</summary>
    public const string TimeStampingCertificate = Arc + ".1.7";

    /// <summary>The TSA policy stamped into every time-stamp token (RFC 3161 2.4.2).</summary>
    public const string TimeStampingPolicy = Arc + ".2.1";

    /// <summary>CA/B Forum reserved OID: TLS certificate, domain validated (no organisation in the subject).</summary>
    public const string CabForumDomainValidated = "2.23.140.1.2.1";

    /// <summary>CA/B Forum reserved OID: TLS certificate, organisation validated.</summary>
    public const string CabForumOrganizationValidated = "2.23.140.1.2.2";
}
