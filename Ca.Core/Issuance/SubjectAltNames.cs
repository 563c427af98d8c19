using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Ca.Core.Common;
using Ca.Core.Profiles;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace Ca.Core.Issuance;

/// <summary>
/// subjectAltName rules: parsing the API's text form and a CSR's extension, validating against a
/// profile, and encoding. Unicode DNS names (ตัวอย่าง.ไทย) are converted to A-labels (RFC 5890), as a
/// certificate's dNSName must be.
/// </summary>
public static class SubjectAltNames
{
    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true, AllowUnassigned = false };

    /// <summary>Parses <c>name</c>, <c>dns:name</c>, <c>ip:addr</c>, <c>email:addr</c> or <c>uri:uri</c>.</summary>
    public static SubjectAltName Parse(string text, string field)
    {
        var trimmed = (text ?? string.Empty).Trim();
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        var prefix = colon > 0 ? trimmed[..colon].ToLowerInvariant() : string.Empty;
        return prefix switch
        {
            "dns" => Dns(trimmed[(colon + 1)..], field),
            "ip" => Ip(trimmed[(colon + 1)..], field),
            "email" => Email(trimmed[(colon + 1)..], field),
            "uri" => Uri(trimmed[(colon + 1)..], field),
            _ => Dns(trimmed, field),
        };
    }

    /// <summary>Reads a CSR's requested SAN extension. Forms we do not issue (otherName, directoryName) are refused.</summary>
    public static IReadOnlyList<SubjectAltName> FromGeneralNames(GeneralNames names)
    {
        var result = new List<SubjectAltName>();
        foreach (var name in names.GetNames())
        {
            result.Add(name.TagNo switch
            {
                GeneralName.DnsName => Dns(DerIA5String.GetInstance(name.Name).GetString(), "csr"),
                GeneralName.Rfc822Name => Email(DerIA5String.GetInstance(name.Name).GetString(), "csr"),
                GeneralName.UniformResourceIdentifier => Uri(DerIA5String.GetInstance(name.Name).GetString(), "csr"),
                GeneralName.IPAddress => Ip(new IPAddress(Asn1OctetString.GetInstance(name.Name).GetOctets()).ToString(), "csr"),
                _ => throw CaException.Unprocessable("san-type-not-allowed", $"The CSR asks for a subjectAltName of GeneralName type {name.TagNo}, which this service does not issue.", "csr"),
            });
        }

        return result;
    }

    /// <summary>Checks the list against the profile: allowed types, wildcard policy, count, duplicates.</summary>
    public static IReadOnlyList<SubjectAltName> Validate(IReadOnlyList<SubjectAltName> sans, CertificateProfile profile)
    {
        if (profile.RequireSubjectAltName && sans.Count == 0)
        {
            throw CaException.Unprocessable("san-required", $"Profile '{profile.Name}' requires at least one subjectAltName ({string.Join(", ", profile.AllowedSanTypes)}).", "sans");
        }

        if (sans.Count > profile.MaxSubjectAltNames)
        {
            throw CaException.Unprocessable("too-many-sans", $"Profile '{profile.Name}' allows at most {profile.MaxSubjectAltNames} subjectAltNames.", "sans");
        }

        foreach (var san in sans)
        {
            if (!profile.AllowedSanTypes.Contains(san.Type))
            {
                throw CaException.Unprocessable("san-type-not-allowed",
                    $"Profile '{profile.Name}' does not allow {san.Type} subjectAltNames ({san}).", "sans");
            }

            if (san.Type == SanType.Dns && san.Value.StartsWith("*.", StringComparison.Ordinal) && !profile.AllowWildcardDnsNames)
            {
                throw CaException.Unprocessable("wildcard-not-allowed", $"Profile '{profile.Name}' does not allow wildcard names ({san.Value}).", "sans");
            }
        }

        return sans.Distinct().ToList();
    }

    /// <summary>Encodes as GeneralNames.</summary>
    public static GeneralNames Encode(IReadOnlyList<SubjectAltName> sans) =>
        new(sans.Select(s => s.Type switch
        {
            SanType.Dns => new GeneralName(GeneralName.DnsName, s.Value),
            SanType.Ip => new GeneralName(GeneralName.IPAddress, s.Value),
            SanType.Email => new GeneralName(GeneralName.Rfc822Name, s.Value),
            _ => new GeneralName(GeneralName.UniformResourceIdentifier, s.Value),
        }).ToArray());

    /// <summary>An ASCII mailbox with a valid domain: what rfc822Name can carry.</summary>
    public static bool IsValidEmail(string value)
    {
        var at = value.LastIndexOf('@');
        if (at <= 0 || at == value.Length - 1 || value.Any(c => c > 0x7e || c <= 0x20))
        {
            return false;
        }

        return TryNormaliseDns(value[(at + 1)..], allowWildcard: false, out _);
    }

    private static SubjectAltName Dns(string value, string field)
    {
        if (!TryNormaliseDns(value, allowWildcard: true, out var normalised))
        {
            throw CaException.Unprocessable("invalid-dns-name", $"'{value}' is not a valid DNS name.", field);
        }

        return new SubjectAltName(SanType.Dns, normalised);
    }

    private static SubjectAltName Ip(string value, string field)
    {
        if (!IPAddress.TryParse(value.Trim(), out var address) || address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6) || value.Contains('%', StringComparison.Ordinal))
        {
            throw CaException.Unprocessable("invalid-ip-address", $"'{value}' is not a valid IPv4 or IPv6 address.", field);
        }

        return new SubjectAltName(SanType.Ip, address.ToString());
    }

    private static SubjectAltName Email(string value, string field)
    {
        var trimmed = value.Trim();
        if (!IsValidEmail(trimmed))
        {
            throw CaException.Unprocessable("invalid-email", $"'{value}' is not a valid ASCII e-mail address.", field);
        }

        var at = trimmed.LastIndexOf('@');
        return new SubjectAltName(SanType.Email, trimmed[..at] + "@" + trimmed[(at + 1)..].ToLowerInvariant());
    }

    private static SubjectAltName Uri(string value, string field)
    {
        var trimmed = value.Trim();
        if (!System.Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || trimmed.Any(c => c > 0x7e || c <= 0x20))
        {
            throw CaException.Unprocessable("invalid-uri", $"'{value}' is not an absolute ASCII URI.", field);
        }

        return new SubjectAltName(SanType.Uri, uri.OriginalString);
    }

    private static bool TryNormaliseDns(string value, bool allowWildcard, out string normalised)
    {
        normalised = string.Empty;
        var name = value.Trim().TrimEnd('.');
        var wildcard = allowWildcard && name.StartsWith("*.", StringComparison.Ordinal);
        if (wildcard)
        {
            name = name[2..];
        }

        if (name.Length == 0 || name.Contains('*', StringComparison.Ordinal))
        {
            return false;
        }

        string ascii;
        try
        {
            ascii = Idn.GetAscii(name).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return false;
        }

        var labels = ascii.Split('.');
        if (ascii.Length > 253 || labels.Length < 2 || labels.Any(l => l.Length is 0 or > 63 || l.StartsWith('-') || l.EndsWith('-'))
            || labels[^1].All(char.IsDigit))
        {
            return false;
        }

        normalised = wildcard ? "*." + ascii : ascii;
        return true;
    }
}
