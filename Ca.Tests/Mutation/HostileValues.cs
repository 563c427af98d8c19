using System.Text;

namespace Ca.Tests.Mutation;

/// <summary>
/// Values that break careless code wherever a string goes: in a path segment, a query parameter, a header, a
/// form field or a JSON string. Thai text and the encodings around it are among them, as are lengths and
/// numbers at the edges of their types.
/// </summary>
internal static class HostileValues
{
    /// <summary>Strings for any text field.</summary>
    public static readonly string[] Strings =
    [
        string.Empty, " ", "\t", "null", "undefined", "0", "-1", "2147483648", "-2147483649", "9223372036854775808", "1e309", "NaN", "-0",
        "0x7FFFFFFF", "00000000000000000000000000000001", "true", "[]", "{}", "\"", "'", "\\", "%", "%00", "%ZZ", "%2e%2e%2f", "../../etc/passwd",
        "..%2F..%2F", "/", "//", "?", "#", "&", "=", ";", ",", "*", "~", "<script>alert(1)</script>", "'; DROP TABLE Certificates; --",
        "\u0000", "a\u0000b", "\r\nX-Injected: 1", "\u202Eevil", "\uFEFF", "\uFFFD", "\u0E01\u0E34\u0E48\u0E49", "กรุงเทพมหานคร", "บริษัท ตัวอย่าง จำกัด",
        "xn--", "xn--zzzz", "ตัวอย่าง.ไทย", "*.example.co.th", "192.0.2.1", "::1", "ip:999.1.1.1", "email:@", "uri:javascript:alert(1)",
        "2026-13-45T25:61:61Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "issuing-ca", "root-ca", "issuing-ca\u0000",
        "ISSUING-CA", "00", "ffffffffffffffffffffffffffffffffffffffffffff", "-0x01", "0x", "ZZ", "7fffffffffffffffffffffffffffffffff",
        new string('a', 300), new string('9', 1_000), new string('ก', 5_000), new string('x', 70_000),
        "{{7*7}}", "${jndi:ldap://x}", "$(id)", "`id`",
    ];

    /// <summary>Values for media-type headers.</summary>
    public static readonly string[] MediaTypes =
    [
        "application/json", "application/json; charset=utf-16", "application/json; charset=bogus", "application/problem+json",
        "application/pkix-cert", "application/x-pem-file", "application/pkcs10", "application/ocsp-request", "application/timestamp-query",
        "application/octet-stream", "multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=\"\"",
        "multipart/mixed; boundary=x", "text/plain", "text/html", "text/plain; charset=tis-620", "*/*", "application/*", "*",
        "", ";", "application/json;;;", "application/json; q=0", "application/json, text/html;q=0.5, */*;q=0.1",
        "x/" + new string('y', 5_000), "application/\u0E01",
    ];

    /// <summary>Authorization header values that are not a valid key.</summary>
    public static readonly string[] Authorizations =
    [
        "Bearer", "Bearer ", "Bearer pki_", "Bearer pki_" + new string('A', 43), "Bearer " + new string('x', 8_000), "Basic YWRtaW46YWRtaW4=",
        "bearer pki_test-bootstrap-admin-key-0123456789abcdef ", "Bearer pki_test-bootstrap-admin-key-0123456789abcdeF", "Bearer \u0E01",
        "Negotiate", "Bearer a b c", "Bearer %00", "Bearer pki_test-bootstrap-admin-key-0123456789abcdef\u0000",
    ];

    /// <summary>
    /// The value as it may appear in a URL path segment: percent-encoded where it must be, raw otherwise, without NUL
    /// (Kestrel refuses %00 in a path itself) and cut to 6,000 characters so the request line stays within Kestrel's
    /// 8 KB: such requests never reach the service, Kestrel answers them.
    /// </summary>
    public static string ForPath(string value) =>
        Cut(string.Concat(Encoding.UTF8.GetBytes(value).Where(b => b != 0).Select(b => b is >= 0x21 and < 0x7F and not (byte)'%' and not (byte)'?' and not (byte)'#' and not (byte)'/'
            ? ((char)b).ToString()
            : $"%{b:X2}")));

    /// <summary>The value percent-encoded for a query string, cut as <see cref="ForPath"/> is.</summary>
    public static string ForQuery(string value) => Cut(Uri.EscapeDataString(value.Length > 6_000 ? value[..6_000] : value));

    private static string Cut(string encoded)
    {
        if (encoded.Length <= 6_000)
        {
            return encoded;
        }

        // Never cut inside a %XX escape.
        var cut = encoded[..6_000];
        var percent = cut.LastIndexOf('%');
        return percent >= cut.Length - 2 ? cut[..percent] : cut;
    }

    /// <summary>
    /// The value as it may go into a header and still reach the application: printable ASCII only (Kestrel itself
    /// refuses control and non-ASCII octets in headers, before the service sees the request), at most 6,000 chars.
    /// </summary>
    public static string ForHeader(string value) =>
        string.Concat(Encoding.UTF8.GetBytes(value.Length > 6_000 ? value[..6_000] : value).Select(b => b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"%{b:X2}"));
}
