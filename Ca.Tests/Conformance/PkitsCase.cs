using Org.BouncyCastle.X509;

namespace Ca.Tests.Conformance;

/// <summary>One PKITS test as described in pkits.json, with its certificates and CRLs decoded.</summary>
public sealed record PkitsCase(
    string Number,
    string Title,
    IReadOnlyList<X509Certificate> Certificates,
    IReadOnlyList<X509Crl> Crls,
    bool ShouldValidate,
    IReadOnlyDictionary<string, string> Settings)
{
    /// <summary>The display name used as the theory argument: "4.1.1 Valid Signatures Test1".</summary>
    public string DisplayName => $"{Number} {Title}";

    public override string ToString() => DisplayName;
}
