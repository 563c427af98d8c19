using System.Security.Cryptography;
using Ca.Core.Common;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.X509;

namespace Ca.Core.Validation.Policy;

/// <summary>
/// Named trust lists configured on the server (<c>Pki:Validation:TrustLists:{name}</c> = a PEM bundle file, e.g.
/// the country's licensed CAs), which a caller's policy can name instead of sending anchors. Read once at start:
/// a missing or empty file stops start-up rather than failing verifications later.
/// </summary>
public sealed class TrustListRegistry
{
    private readonly IReadOnlyDictionary<string, TrustList> lists;

    /// <summary>Loads the configured lists.</summary>
    public TrustListRegistry(IOptions<ValidationOptions> options)
    {
        var loaded = new Dictionary<string, TrustList>(StringComparer.Ordinal);
        foreach (var (name, path) in options.Value.TrustLists)
        {
            loaded[name] = new TrustList(name, Load(name, path));
        }

        lists = loaded;
    }

    /// <summary>All lists, by name.</summary>
    public IReadOnlyList<TrustList> All => lists.Values.OrderBy(l => l.Name, StringComparer.Ordinal).ToList();

    /// <summary>True when a list of that name is configured.</summary>
    public bool Contains(string name) => lists.ContainsKey(name);

    /// <summary>The anchors of the named list.</summary>
    public IReadOnlyList<X509Certificate> AnchorsOf(string name) =>
        lists.TryGetValue(name, out var list) ? list.Anchors : throw CaException.BadRequest("unknown-trust-list", $"No trust list named '{name}'.", "policy.trustList");

    private static List<X509Certificate> Load(string name, string path)
    {
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
        {
            throw new InvalidOperationException($"Pki:Validation:TrustLists:{name}: file '{path}' does not exist.");
        }

        var blocks = Pem.DecodeAll(File.ReadAllText(path), "CERTIFICATE");
        if (blocks.Count == 0)
        {
            throw new InvalidOperationException($"Pki:Validation:TrustLists:{name}: '{path}' holds no PEM certificate.");
        }

        return blocks.Select(der => new X509Certificate(der)).ToList();
    }
}

/// <summary>One named trust list.</summary>
/// <param name="Name">The name callers use.</param>
/// <param name="Anchors">Its anchor certificates.</param>
public sealed record TrustList(string Name, IReadOnlyList<X509Certificate> Anchors);

/// <summary>How a report and the trust-list listing name an anchor: subject and SHA-256 of the certificate.</summary>
/// <param name="Subject">The anchor's subject DN.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the DER certificate.</param>
public sealed record AnchorFingerprint(string Subject, string Sha256)
{
    /// <summary>Names an anchor certificate.</summary>
    public static AnchorFingerprint Of(X509Certificate certificate) =>
        new(certificate.SubjectDN.ToString(), Convert.ToHexStringLower(SHA256.HashData(certificate.GetEncoded())));
}
