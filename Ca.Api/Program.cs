using Ca.Api.Endpoints;
using Ca.Api.Problems;
using Ca.Api.Startup;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
builder.AddPkiServices();

var app = builder.Build();

app.UseMiddleware<SecurityHeadersMiddleware>();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSwagger();
app.UseSwaggerUI(o => o.DocumentTitle = "PkiService API");
app.UseRouting();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.UseMiddleware<RequestSizeLimitMiddleware>();

app.MapGet("/", () => Results.Redirect("/swagger")).ExcludeFromDescription();
app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync }).AllowAnonymous();
app.MapAuthorityEndpoints();
app.MapProfileEndpoints();
app.MapCertificateRequestEndpoints();
app.MapCertificateEndpoints();
app.MapAccountEndpoints();
app.MapAuditEndpoints();
app.MapPkiRevocation();
app.MapPkiDocuments();

await app.InitializePkiAsync();
await app.RunAsync();

/// <summary>Entry point; public so integration tests can host it.</summary>
public partial class Program;
