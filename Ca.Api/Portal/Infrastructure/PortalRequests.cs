namespace Ca.Api.Portal.Infrastructure;

/// <summary>
/// Which requests belong to the people's portal. Everything that is not the REST API or a protocol
/// endpoint for machines (OCSP, TSA, CRLs, AIA, ACME, health, Swagger) is a page, gets HTML error
/// pages in the reader's language and the portal's content security policy.
/// </summary>
public static class PortalRequests
{
    private static readonly PathString[] MachinePrefixes =
        ["/api", "/swagger", "/ocsp", "/tsa", "/crl", "/ca", "/health", "/acme", "/.well-known"];

    /// <summary>True for portal paths.</summary>
    public static bool IsPortal(PathString path) => !MachinePrefixes.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// True for a person's browser: browsers name text/html in Accept on every navigation and form
    /// post, so they get HTML error pages. Any other client on a portal path (a mistyped URL in a
    /// script, a probe) gets the same RFC 9457 problem document the API gives.
    /// </summary>
    public static bool AcceptsHtml(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));

    /// <summary>The portal's content security policy: everything from this origin, no inline script, forms only back to us.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; font-src 'self'; script-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
}
