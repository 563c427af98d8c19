using Ca.Core.Common;

namespace Ca.Api.Endpoints;

/// <summary>PEM for people, DER for tools that ask for it (RFC 2585 media types).</summary>
internal static class ContentNegotiation
{
    public const string PkixCert = "application/pkix-cert";
    public const string PemFile = "application/x-pem-file";

    public static bool WantsDer(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains(PkixCert, StringComparison.OrdinalIgnoreCase));

    public static IResult Certificate(HttpRequest request, byte[] der, string fileName) =>
        WantsDer(request)
            ? Results.File(der, PkixCert, fileName + ".crt")
            : Results.Text(Pem.Encode("CERTIFICATE", der), PemFile);
}
