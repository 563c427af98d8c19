namespace Ca.Core.Documents;

/// <summary>An admin's order for a new e-seal: the service generates and keeps the key.</summary>
/// <param name="Name">Display name, 1-200 characters.</param>
/// <param name="Subject">Subject attributes by short name (CN, O, C required by the document-signing profile).</param>
/// <param name="KeyAlgorithm">Key algorithm wire name; ECDSA-P256 when null.</param>
/// <param name="Owner">The account allowed to sign with it; the caller when null.</param>
/// <param name="ValidityDays">Certificate lifetime; the profile default when null.</param>
/// <param name="Email">
/// The seal owner's mailbox, named as an rfc822Name SAN. With it the certificate also carries
/// emailProtection, which NSS (pdfsig, Thunderbird) requires before it trusts a PDF or S/MIME signer;
/// without a mailbox emailProtection is left out (S/MIME BR 7.1.2.3).
/// </param>
public sealed record CreateSignerRequest(
    string? Name,
    IReadOnlyDictionary<string, string>? Subject,
    string? KeyAlgorithm = null,
    string? Owner = null,
    int? ValidityDays = null,
    string? Email = null);
