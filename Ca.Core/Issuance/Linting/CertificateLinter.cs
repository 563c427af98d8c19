using Ca.Core.Common;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Ca.Core.Issuance.Linting;

/// <summary>
/// The pre-issuance lint: checks a to-be-signed certificate against the RFC 5280 rules, the rules of
/// its purpose and, for TLS server profiles, the CA/B Forum Baseline Requirements, before a CA key
/// signs it. A certificate that breaks a rule is never signed: the caller gets a 422
/// <c>lint-failed</c> naming every broken rule. The rules are a table (<see cref="Rules"/>), one
/// entry per requirement, each with a stable id.
/// </summary>
public static class CertificateLinter
{
    /// <summary>Every rule, in the order they run.</summary>
    public static IReadOnlyList<LintRule> Rules { get; } = [.. Rfc5280Rules.All, .. ServiceRules.All, .. BaselineRequirementRules.All];

    /// <summary>Runs every applicable rule; returns what is broken (empty when the certificate may be signed).</summary>
    public static IReadOnlyList<LintFinding> Lint(byte[] tbsDer, LintProfile profile, X509Certificate? issuer, AlgorithmIdentifier signingAlgorithm)
    {
        var context = LintContext.Create(tbsDer, profile, issuer, signingAlgorithm);
        var findings = new List<LintFinding>();
        foreach (var rule in Rules)
        {
            // Only the rules that read the raw encoding run on a TBS that does not decode.
            if (context.ParsedTbs is null && !RawRules.Contains(rule.Id))
            {
                continue;
            }

            try
            {
                if (rule.AppliesTo(context) && rule.Check(context) is { } message)
                {
                    findings.Add(new LintFinding(rule.Id, message));
                }
            }
            catch (Exception e) when (e is ArgumentException or InvalidCastException or InvalidOperationException or IOException or FormatException or NullReferenceException)
            {
                findings.Add(new LintFinding(rule.Id, $"the extension it checks is malformed ({e.GetType().Name})."));
            }
        }

        return findings;
    }

    /// <summary>Throws 422 <c>lint-failed</c>, with the broken rules as <see cref="CaException.Errors"/>, unless the certificate is clean.</summary>
    public static void EnsureClean(byte[] tbsDer, LintProfile profile, X509Certificate? issuer, AlgorithmIdentifier signingAlgorithm)
    {
        var findings = Lint(tbsDer, profile, issuer, signingAlgorithm);
        if (findings.Count == 0)
        {
            return;
        }

        throw new CaException(CaErrorKind.Unprocessable, "lint-failed",
            $"The certificate was not signed: it would break {string.Join(", ", findings.Select(f => f.RuleId).Distinct())}.")
        {
            Errors = findings.GroupBy(f => f.RuleId).ToDictionary(g => g.Key, g => g.Select(f => f.Message).ToArray(), StringComparer.Ordinal),
        };
    }

    private static readonly HashSet<string> RawRules = ["rfc5280.4.1.2.1.version", "rfc5280.4.2.unique-extensions", "rfc5280.4.1.structure"];
}
