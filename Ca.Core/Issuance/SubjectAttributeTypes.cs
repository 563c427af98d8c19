using System.Diagnostics.CodeAnalysis;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace Ca.Core.Issuance;

/// <summary>
/// The subject attributes the service understands: their short names, OIDs, RFC 5280 Appendix A
/// upper bounds and the string type X.520 fixes for them. Everything not fixed is UTF8String
/// (RFC 5280 4.1.2.6), which is what lets Thai names round-trip.
/// </summary>
public static class SubjectAttributeTypes
{
    private static readonly SubjectAttributeType[] Types =
    [
        new("C", X509Name.C, 2, AttributeEncoding.Printable),
        new("ST", X509Name.ST, 128, AttributeEncoding.Utf8),
        new("L", X509Name.L, 128, AttributeEncoding.Utf8),
        new("STREET", X509Name.Street, 128, AttributeEncoding.Utf8),
        new("O", X509Name.O, 64, AttributeEncoding.Utf8),
        new("OU", X509Name.OU, 64, AttributeEncoding.Utf8),
        new("organizationIdentifier", X509Name.OrganizationIdentifier, 64, AttributeEncoding.Utf8),
        new("title", X509Name.T, 64, AttributeEncoding.Utf8),
        new("givenName", X509Name.GivenName, 64, AttributeEncoding.Utf8),
        new("surname", X509Name.Surname, 64, AttributeEncoding.Utf8),
        new("CN", X509Name.CN, 64, AttributeEncoding.Utf8),
        new("serialNumber", X509Name.SerialNumber, 64, AttributeEncoding.Printable),
        new("emailAddress", X509Name.EmailAddress, 255, AttributeEncoding.Ia5),
    ];

    private static readonly Dictionary<string, SubjectAttributeType> ByName = Types
        .Concat([Types.Single(t => t.ShortName == "givenName") with { ShortName = "GN" }, Types.Single(t => t.ShortName == "surname") with { ShortName = "SN" }])
        .ToDictionary(t => t.ShortName, StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<DerObjectIdentifier, SubjectAttributeType> ByOid = Types.ToDictionary(t => t.Oid);

    /// <summary>The canonical order attributes are encoded in (country first, CN near the end).</summary>
    public static IReadOnlyList<SubjectAttributeType> All => Types;

    /// <summary>Looks a type up by short name (case-insensitive; GN/SN are aliases of givenName/surname).</summary>
    public static bool TryGet(string shortName, [NotNullWhen(true)] out SubjectAttributeType? type) =>
        ByName.TryGetValue(shortName, out type);

    /// <summary>Looks a type up by OID.</summary>
    public static bool TryGet(DerObjectIdentifier oid, [NotNullWhen(true)] out SubjectAttributeType? type) =>
        ByOid.TryGetValue(oid, out type);
}

/// <summary>One attribute type's rules.</summary>
/// <param name="ShortName">The name used in JSON, configuration and display.</param>
/// <param name="Oid">The attribute type OID.</param>
/// <param name="MaxLength">Upper bound in characters.</param>
/// <param name="Encoding">The ASN.1 string type used when encoding.</param>
public sealed record SubjectAttributeType(string ShortName, DerObjectIdentifier Oid, int MaxLength, AttributeEncoding Encoding);

/// <summary>ASN.1 string types used in names.</summary>
public enum AttributeEncoding
{
    /// <summary>UTF8String, the RFC 5280 default.</summary>
    Utf8,
    /// <summary>PrintableString (countryName, serialNumber).</summary>
    Printable,
    /// <summary>IA5String (emailAddress).</summary>
    Ia5,
}
