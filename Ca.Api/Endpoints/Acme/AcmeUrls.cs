namespace Ca.Api.Endpoints.Acme;

/// <summary>
/// The absolute URLs of the ACME resources, built from the request (scheme, host, path base) so the
/// URLs a client is given are exactly the ones it signs in each JWS "url" (RFC 8555 6.4).
/// </summary>
internal sealed class AcmeUrls(HttpRequest request)
{
    public const string Prefix = "/acme";

    public string Base { get; } = $"{request.Scheme}://{request.Host}{request.PathBase}{Prefix}";

    /// <summary>The URL this request was sent to, query included.</summary>
    public string Request { get; } = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}";

    public string Directory => Base + "/directory";

    public string NewNonce => Base + "/new-nonce";

    public string NewAccount => Base + "/new-account";

    public string NewOrder => Base + "/new-order";

    public string RevokeCert => Base + "/revoke-cert";

    public string KeyChange => Base + "/key-change";

    public string RenewalInfo => Base + "/renewal-info";

    /// <summary>An account URL is this prefix followed by the id (the JWS kid).</summary>
    public string AccountPrefix => Base + "/acct/";

    public string Account(string id) => AccountPrefix + id;

    public string Orders(string accountId) => Account(accountId) + "/orders";

    public string Order(string id) => Base + "/order/" + id;

    public string Finalize(string orderId) => Order(orderId) + "/finalize";

    public string Authorization(string id) => Base + "/authz/" + id;

    public string Challenge(string authorizationId, string type) => Base + "/chall/" + authorizationId + "/" + type;

    public string Certificate(string serial) => Base + "/cert/" + serial;
}
