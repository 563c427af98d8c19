using System.Collections.Concurrent;
using Ca.Core.Validation;

namespace Ca.Tests.Conformance;

/// <summary>
/// Runs one PKITS case the way a relying party would: the first certificate is the trust anchor, the last the
/// target, the ones between form the pool (some are only CRL signers), all CRLs are available.
/// </summary>
public static class PkitsRunner
{
    public static readonly DateTimeOffset ValidationTime = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const string NistTestPolicyArc = "2.16.840.1.101.3.2.1.48.";
    private const string AnyPolicy = "2.5.29.32.0";

    /// <summary>What the validator concluded for a case.</summary>
    public sealed record Outcome(bool IsValid, IReadOnlySet<string> UserConstrainedPolicies, PathBuildResult Build);

    private static readonly ConcurrentDictionary<string, Lazy<Task<Outcome>>> Outcomes = new(StringComparer.Ordinal);

    /// <summary>Validates a case once per test run; the per-case theory and the suite total share the work.</summary>
    public static Task<Outcome> RunAsync(PkitsCase testCase) =>
        Outcomes.GetOrAdd(testCase.DisplayName, _ => new Lazy<Task<Outcome>>(() => ValidateAsync(testCase))).Value;

    private static async Task<Outcome> ValidateAsync(PkitsCase testCase)
    {
        var anchor = new ValidationTrustAnchor(testCase.Certificates[0]);
        var target = testCase.Certificates[^1];
        var pool = testCase.Certificates.Skip(1).Take(testCase.Certificates.Count - 2).ToList();
        var revocation = new CrlRevocationChecker(new StaticCrlSource(testCase.Crls), pool);

        var build = await new CertificatePathBuilder().BuildAndValidateAsync(
            target, pool, [anchor], new CertificatePathValidator(), ToSettings(testCase.Settings), revocation);
        return new Outcome(build.IsValid, build.Validation.UserConstrainedPolicies, build);
    }

    /// <summary>True when the outcome matches should_validate and, if given, the user-constrained policy set.</summary>
    public static bool MeetsExpectation(PkitsCase testCase, Outcome outcome)
    {
        if (outcome.IsValid != testCase.ShouldValidate)
        {
            return false;
        }
        return !outcome.IsValid
            || !testCase.Settings.TryGetValue("SetUserConstrainedPolicySet", out var expected)
            || PolicySet(expected)!.SetEquals(outcome.UserConstrainedPolicies);
    }

    public static PathValidationSettings ToSettings(IReadOnlyDictionary<string, string> settings) => new()
    {
        ValidationTime = ValidationTime,
        InitialPolicySet = settings.TryGetValue("SetInitialPolicySet", out var policies) ? PolicySet(policies) : null,
        InitialExplicitPolicy = Flag(settings, "SetInitialExplicitPolicy"),
        InitialPolicyMappingInhibit = Flag(settings, "SetInitialPolicyMappingInhibit"),
        InitialAnyPolicyInhibit = Flag(settings, "SetInitialInhibitAnyPolicy"),

        // PKITS was made for RFC 3280 path processing: its valid paths have non-critical policyConstraints (RFC 3280
        // allowed them) and 4.6.4 checks that 6.1.4 (k) looks only at presence. The RFC 5280 4.2.1.9-11 criticality
        // MUSTs are a profile rule on issuers, enforced by default and covered by the RFC 5280 conformance table.
        RequireCriticalConstraints = false,
    };

    public static IReadOnlySet<string> PolicySet(string names) =>
        names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(PolicyOid)
            .ToHashSet(StringComparer.Ordinal);

    private static string PolicyOid(string name) => name switch
    {
        "anyPolicy" => AnyPolicy,
        _ when name.StartsWith("NIST-test-policy-", StringComparison.Ordinal) => NistTestPolicyArc + name["NIST-test-policy-".Length..],
        _ => throw new ArgumentException($"unknown PKITS policy name '{name}'", nameof(name)),
    };

    private static bool Flag(IReadOnlyDictionary<string, string> settings, string key) =>
        settings.TryGetValue(key, out var value) && bool.Parse(value);
}
