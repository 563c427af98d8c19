using System.Text.RegularExpressions;
using Ca.Core.Common;
using Org.BouncyCastle.X509;

namespace Ca.Core.Validation.Policy;

/// <summary>
/// Turns a caller's <see cref="ValidationPolicyInput"/> into a <see cref="ValidationPolicy"/>, within
/// <see cref="ValidationPolicyLimits"/>. Anything malformed (a PEM that holds no certificate, a CRL that is no
/// CRL, an OID that is no OID, a negative depth, an unknown mode or trust list) is a 400 naming the field.
/// </summary>
public static partial class ValidationPolicyParser
{
    /// <summary>Parses and bounds the policy.</summary>
    /// <param name="input">The policy as sent; null means none.</param>
    /// <param name="trustLists">The configured trust lists, to check the name.</param>
    /// <param name="field">The request field (<c>policy</c>), prefixed to field names in errors.</param>
    /// <exception cref="CaException">400 on anything malformed or over a limit.</exception>
    public static ValidationPolicy Parse(ValidationPolicyInput? input, TrustListRegistry trustLists, string field = "policy")
    {
        ArgumentNullException.ThrowIfNull(trustLists);
        if (input is null)
        {
            return ValidationPolicy.Default;
        }

        var total = Sum(input.TrustAnchors) + Sum(input.Crls) + Sum(input.OcspResponses);
        if (total > ValidationPolicyLimits.MaxTotalChars)
        {
            throw CaException.BadRequest("policy-too-large", $"{field} holds more than {ValidationPolicyLimits.MaxTotalChars} characters of anchors, CRLs and OCSP responses.", field);
        }

        Bound(input.TrustAnchors, ValidationPolicyLimits.MaxTrustAnchors, $"{field}.trustAnchors");
        Bound(input.Crls, ValidationPolicyLimits.MaxCrls, $"{field}.crls");
        Bound(input.OcspResponses, ValidationPolicyLimits.MaxOcspResponses, $"{field}.ocspResponses");
        Bound(input.RequiredEku, ValidationPolicyLimits.MaxRequiredEku, $"{field}.requiredEku");

        var anchors = (input.TrustAnchors ?? []).SelectMany((pem, i) => CertificateInput.FromPem(pem, $"{field}.trustAnchors[{i}]")).ToList();
        Bound(anchors, ValidationPolicyLimits.MaxTrustAnchors, $"{field}.trustAnchors");
        foreach (var (anchor, i) in anchors.Select((a, i) => (a, i)))
        {
            if (CertificateFormat.FirstProblem([($"{field}.trustAnchors certificate {i + 1}", anchor)]) is { } problem)
            {
                throw CaException.BadRequest("invalid-trust-anchor", problem, $"{field}.trustAnchors");
            }
        }

        if (input.TrustList is { } name && !trustLists.Contains(name))
        {
            throw CaException.BadRequest("unknown-trust-list", $"{field}.trustList: no trust list named '{Shorten(name)}' (see GET /api/v1/trust-lists).", $"{field}.trustList");
        }

        if (input.MaxPathLength is < 0 or > ValidationPolicyLimits.MaxPathLength)
        {
            throw CaException.BadRequest("invalid-max-path-length", $"{field}.maxPathLength must be between 0 and {ValidationPolicyLimits.MaxPathLength}.", $"{field}.maxPathLength");
        }

        return new ValidationPolicy
        {
            TrustAnchors = anchors,
            UseServiceAnchors = input.UseServiceAnchors,
            TrustList = input.TrustList,
            RequiredEku = (input.RequiredEku ?? []).Select((oid, i) => Oid(oid, $"{field}.requiredEku[{i}]")).Distinct(StringComparer.Ordinal).ToList(),
            MaxPathLength = input.MaxPathLength,
            At = input.At,
            Revocation = Mode(input.Revocation, $"{field}.revocation"),
            Crls = (input.Crls ?? []).Select((crl, i) => Crl(crl, $"{field}.crls[{i}]")).ToList(),
            OcspResponses = (input.OcspResponses ?? []).Select((ocsp, i) => Ocsp(ocsp, $"{field}.ocspResponses[{i}]")).ToList(),
        };
    }

    private static RevocationMode Mode(string? mode, string field) => mode?.Trim().ToLowerInvariant() switch
    {
        null or "" or "require" => RevocationMode.Require,
        "prefer" => RevocationMode.Prefer,
        "off" => RevocationMode.Off,
        _ => throw CaException.BadRequest("invalid-revocation-mode", $"{field} must be require, prefer or off.", field),
    };

    private static string Oid(string? oid, string field)
    {
        if (oid is null || oid.Length > 128 || !OidPattern().IsMatch(oid))
        {
            throw CaException.BadRequest("invalid-oid", $"{field} is not an object identifier in dotted form (e.g. 1.3.6.1.5.5.7.3.1).", field);
        }

        return oid;
    }

    private static X509Crl Crl(string? text, string field)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        byte[]? der = trimmed.StartsWith('-') ? Pem.TryDecode(trimmed, "X509 CRL") : Base64(trimmed);
        return der is not null && CrlDecoder.TryDecode(der) is { } crl
            ? crl
            : throw CaException.BadRequest("invalid-crl", $"{field} is not a CRL (PEM 'X509 CRL' or base64 DER).", field);
    }

    private static byte[] Ocsp(string? text, string field)
    {
        var der = Base64(text?.Trim() ?? string.Empty);
        try
        {
            if (der is not null)
            {
                _ = new Org.BouncyCastle.Ocsp.OcspResp(der).Status;
                return der;
            }
        }
        catch (Exception e) when (UntrustedInput.IsDecodingFailure(e))
        {
            // Falls through to the 400.
        }

        throw CaException.BadRequest("invalid-ocsp-response", $"{field} is not an OCSPResponse (base64 DER).", field);
    }

    private static byte[]? Base64(string text)
    {
        try
        {
            return text.Length == 0 ? null : Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static void Bound<T>(IReadOnlyCollection<T>? items, int max, string field)
    {
        if (items?.Count > max)
        {
            throw CaException.BadRequest("policy-too-large", $"{field} may hold at most {max} entries.", field);
        }
    }

    private static long Sum(List<string?>? items) => items?.Sum(s => (long)(s?.Length ?? 0)) ?? 0;

    private static string Shorten(string text) => text.Length > 64 ? text[..64] + "…" : text;

    [GeneratedRegex("^[0-2](\\.(0|[1-9][0-9]{0,15}))+$", RegexOptions.CultureInvariant)]
    private static partial Regex OidPattern();
}
