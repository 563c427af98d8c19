using Ca.Core.Common;
using Org.BouncyCastle.X509;

namespace Ca.Api.Portal.Infrastructure;

/// <summary>
/// Certificates as people hand them over: an uploaded .pem/.crt/.cer (PEM or DER) or pasted PEM,
/// possibly a whole chain. Parsing at the edge, as the REST endpoint does; null when nothing parses.
/// </summary>
public static class UploadedCertificates
{
    /// <summary>The largest certificate file read (a chain of a few certificates fits easily).</summary>
    public const int MaxBytes = 256 * 1024;

    /// <summary>The certificates in the upload or the pasted text (upload first), or null.</summary>
    public static async Task<IReadOnlyList<X509Certificate>?> ReadAsync(IFormFile? file, string? pasted, CancellationToken cancellationToken)
    {
        if (file is { Length: > 0 and <= MaxBytes })
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            return Parse(buffer.ToArray());
        }

        return string.IsNullOrWhiteSpace(pasted) ? null : Parse(System.Text.Encoding.UTF8.GetBytes(pasted));
    }

    /// <summary>PEM (one or more blocks) or a single DER certificate.</summary>
    public static IReadOnlyList<X509Certificate>? Parse(byte[] bytes)
    {
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(bytes);
            if (text.Contains("-----BEGIN", StringComparison.Ordinal))
            {
                var blocks = Pem.DecodeAll(text, "CERTIFICATE");
                return blocks.Count == 0 ? null : blocks.Select(der => new X509Certificate(der)).ToList();
            }

            return [new X509Certificate(bytes)];
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or IOException or InvalidOperationException or FormatException or Org.BouncyCastle.Security.Certificates.CertificateException or Org.BouncyCastle.Asn1.Asn1ParsingException)
        {
            return null;
        }
    }
}
