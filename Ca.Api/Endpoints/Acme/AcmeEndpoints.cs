using Ca.Core.Acme;
using Microsoft.Extensions.Options;

namespace Ca.Api.Endpoints.Acme;

/// <summary>The ACME server under <c>/acme</c> (anonymous at the HTTP level: every POST is a signed JWS) and the EAB REST API.</summary>
internal static class AcmeEndpoints
{
    public static IEndpointRouteBuilder MapAcme(this IEndpointRouteBuilder app)
    {
        app.MapEabEndpoints();
        if (!app.ServiceProvider.GetRequiredService<IOptions<AcmeOptions>>().Value.Enabled)
        {
            return app;
        }

        var acme = app.MapGroup(AcmeUrls.Prefix).WithTags("ACME (RFC 8555)").AllowAnonymous()
            .AddEndpointFilter<AcmeProtocolFilter>();
        acme.MapAcmeDirectory();
        acme.MapAcmeAccounts();
        acme.MapAcmeOrders();
        acme.MapAcmeAuthorizations();
        acme.MapAcmeCertificates();
        return app;
    }
}
