namespace Ca.Core.Issuance.Linting;

/// <summary>
/// One check of a to-be-signed certificate. <see cref="Check"/> returns null when the certificate
/// complies, else the reason; <see cref="AppliesTo"/> limits the rule to the kinds it is about.
/// </summary>
/// <param name="Id">Stable id: source, section, short name (<c>rfc5280.4.2.1.9.basic-constraints</c>).</param>
/// <param name="Description">The requirement, in one sentence.</param>
/// <param name="AppliesTo">Whether the rule is relevant to this certificate.</param>
/// <param name="Check">The check.</param>
public sealed record LintRule(string Id, string Description, Func<LintContext, bool> AppliesTo, Func<LintContext, string?> Check);
