using Org.BouncyCastle.Asn1;

namespace Ca.Core.Profiles;

/// <summary>
/// Friendly names for extendedKeyUsage purposes, so configuration reads <c>serverAuth</c> and not
/// <c>1.3.6.1.5.5.7.3.1</c>. Dotted OIDs are accepted as they are.
/// </summary>
public static class ExtendedKeyUsageNames
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["serverAuth"] = "1.3.6.1.5.5.7.3.1",
        ["clientAuth"] = "1.3.6.1.5.5.7.3.2",
        ["codeSigning"] = "1.3.6.1.5.5.7.3.3",
        ["emailProtection"] = "1.3.6.1.5.5.7.3.4",
        ["timeStamping"] = "1.3.6.1.5.5.7.3.8",
        ["ocspSigning"] = "1.3.6.1.5.5.7.3.9",
        ["documentSigning"] = "1.3.6.1.5.5.7.3.36",
    };

    /// <summary>Resolves a name or dotted OID; throws <see cref="FormatException"/> for anything else.</summary>
    public static DerObjectIdentifier ToOid(string nameOrOid)
    {
        if (Known.TryGetValue(nameOrOid, out var oid))
        {
            return new DerObjectIdentifier(oid);
        }

        if (DerObjectIdentifier.TryFromID(nameOrOid, out var parsed))
        {
            return parsed;
        }

        throw new FormatException($"Unknown extended key usage '{nameOrOid}'. Use one of {string.Join(", ", Known.Keys)} or a dotted OID.");
    }
}
