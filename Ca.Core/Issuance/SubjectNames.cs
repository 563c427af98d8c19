using System.Text;
using Ca.Core.Common;
using Ca.Core.Profiles;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace Ca.Core.Issuance;

/// <summary>
/// Subject name rules: reading a subject from a request or a CSR, checking it against a profile, and
/// encoding it. The encoder writes the ASN.1 itself rather than going through BouncyCastle's string
/// converter, which would treat a leading '#' as hex and re-type values.
/// </summary>
public static class SubjectNames
{
    /// <summary>Reads the JSON form (<c>{ "CN": "...", "O": "..." }</c>); unknown attribute names are refused.</summary>
    public static IReadOnlyList<SubjectAttribute> FromRequest(IReadOnlyDictionary<string, string> subject)
    {
        var attributes = new List<SubjectAttribute>();
        foreach (var (name, value) in subject)
        {
            if (!SubjectAttributeTypes.TryGet(name, out var type))
            {
                throw CaException.Unprocessable("unknown-subject-attribute",
                    $"Subject attribute '{name}' is not known. Known: {string.Join(", ", SubjectAttributeTypes.All.Select(t => t.ShortName))}.", $"subject.{name}");
            }

            attributes.Add(new SubjectAttribute(type.ShortName, value ?? string.Empty));
        }

        return attributes;
    }

    /// <summary>Reads a CSR's subject; attribute types we do not issue are refused, not dropped silently.</summary>
    public static IReadOnlyList<SubjectAttribute> FromName(X509Name name)
    {
        var attributes = new List<SubjectAttribute>();
        var oids = name.GetOidList();
        var values = name.GetValueList();
        for (var i = 0; i < oids.Count; i++)
        {
            if (!SubjectAttributeTypes.TryGet(oids[i], out var type))
            {
                throw CaException.Unprocessable("unknown-subject-attribute",
                    $"The CSR subject contains attribute {oids[i].Id}, which this service does not issue.", "csr");
            }

            attributes.Add(new SubjectAttribute(type.ShortName, values[i]));
        }

        return attributes;
    }

    /// <summary>
    /// Normalises (NFC, trimmed) and checks attributes against the profile: only allowed types, all
    /// required ones, no duplicates, lengths and character sets that the encoding can carry.
    /// Returns the attributes in canonical order.
    /// </summary>
    public static IReadOnlyList<SubjectAttribute> Validate(IReadOnlyList<SubjectAttribute> attributes, CertificateProfile profile)
    {
        var allowed = new HashSet<string>(profile.AllowedSubjectAttributes.Select(Canonical), StringComparer.Ordinal);
        var normalised = new List<(SubjectAttributeType Type, SubjectAttribute Attribute)>();
        foreach (var attribute in attributes)
        {
            SubjectAttributeTypes.TryGet(attribute.Type, out var type);
            var field = $"subject.{type!.ShortName}";
            if (!allowed.Contains(type.ShortName))
            {
                throw CaException.Unprocessable("subject-attribute-not-allowed",
                    $"Profile '{profile.Name}' does not allow subject attribute {type.ShortName}. Allowed: {string.Join(", ", profile.AllowedSubjectAttributes)}.", field);
            }

            if (normalised.Any(n => n.Type == type))
            {
                throw CaException.Unprocessable("duplicate-subject-attribute", $"Subject attribute {type.ShortName} appears more than once.", field);
            }

            var value = (attribute.Value ?? string.Empty).Trim().Normalize(NormalizationForm.FormC);
            CheckValue(type, value, field);
            normalised.Add((type, new SubjectAttribute(type.ShortName, value)));
        }

        foreach (var required in profile.RequiredSubjectAttributes.Select(Canonical))
        {
            if (normalised.All(n => n.Type.ShortName != required))
            {
                throw CaException.Unprocessable("subject-attribute-required",
                    $"Profile '{profile.Name}' requires subject attribute {required}.", $"subject.{required}");
            }
        }

        var order = SubjectAttributeTypes.All.ToList();
        return normalised.OrderBy(n => order.IndexOf(n.Type)).Select(n => n.Attribute).ToList();
    }

    /// <summary>Encodes as an RDNSequence, one attribute per RDN, in the given order.</summary>
    public static X509Name Encode(IReadOnlyList<SubjectAttribute> attributes)
    {
        var rdns = new Asn1EncodableVector();
        foreach (var attribute in attributes)
        {
            SubjectAttributeTypes.TryGet(attribute.Type, out var type);
            Asn1Encodable value = type!.Encoding switch
            {
                AttributeEncoding.Printable => new DerPrintableString(attribute.Value, validate: true),
                AttributeEncoding.Ia5 => new DerIA5String(attribute.Value, validate: true),
                _ => new DerUtf8String(attribute.Value),
            };
            rdns.Add(new DerSet(new DerSequence(type.Oid, value)));
        }

        return X509Name.GetInstance(new DerSequence(rdns));
    }

    /// <summary>A display form (RFC 4514 order is reversed; we show encoding order, as OpenSSL does).</summary>
    public static string Display(IReadOnlyList<SubjectAttribute> attributes) =>
        string.Join(", ", attributes.Select(a => $"{a.Type}={Escape(a.Value)}"));

    /// <summary>The common name, if any.</summary>
    public static string? CommonName(IReadOnlyList<SubjectAttribute> attributes) =>
        attributes.FirstOrDefault(a => a.Type == "CN")?.Value;

    private static string Canonical(string name) =>
        SubjectAttributeTypes.TryGet(name, out var type) ? type.ShortName : name;

    private static void CheckValue(SubjectAttributeType type, string value, string field)
    {
        if (value.Length == 0)
        {
            throw CaException.Unprocessable("invalid-subject-attribute", $"{type.ShortName} must not be empty.", field);
        }

        if (value.Length > type.MaxLength)
        {
            throw CaException.Unprocessable("invalid-subject-attribute", $"{type.ShortName} is longer than {type.MaxLength} characters.", field);
        }

        if (value.Any(char.IsControl))
        {
            throw CaException.Unprocessable("invalid-subject-attribute", $"{type.ShortName} contains control characters.", field);
        }

        switch (type.Encoding)
        {
            case AttributeEncoding.Printable when type.ShortName == "C":
                if (value.Length != 2 || !value.All(c => c is >= 'A' and <= 'Z'))
                {
                    throw CaException.Unprocessable("invalid-subject-attribute", "C must be a two-letter upper-case ISO 3166 country code, e.g. TH.", field);
                }

                break;
            case AttributeEncoding.Printable when !DerPrintableString.IsPrintableString(value):
                throw CaException.Unprocessable("invalid-subject-attribute", $"{type.ShortName} may contain only letters, digits, space and '()+,-./:=?.", field);
            case AttributeEncoding.Ia5 when !SubjectAltNames.IsValidEmail(value):
                throw CaException.Unprocessable("invalid-subject-attribute", $"{type.ShortName} must be an ASCII e-mail address.", field);
        }
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal)
            .Replace("+", "\\+", StringComparison.Ordinal).Replace("=", "\\=", StringComparison.Ordinal);
}
