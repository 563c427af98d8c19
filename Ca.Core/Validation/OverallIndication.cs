namespace Ca.Core.Validation;

/// <summary>
/// The overall verdict over several signatures (README, "Validation reports"): the weakest one decides.
/// Any FAILED signature (counter-signatures included) makes the whole FAILED; else any INDETERMINATE makes
/// it INDETERMINATE; only when every signature PASSED is the whole PASSED. A relying party that acts on
/// the top-level indication alone is therefore never told PASSED while one signer is broken or unknown.
/// </summary>
public static class OverallIndication
{
    /// <summary>
    /// The overall report: the fields of the first signature with the weakest indication (so a client that
    /// reads only the top level sees the reason), with <see cref="ValidationReport.Signatures"/> listing all.
    /// </summary>
    public static ValidationReport Combine(IReadOnlyList<ValidationReport> signatures, string? message = null)
    {
        if (signatures.Count == 0)
        {
            throw new ArgumentException("At least one signature report is needed.", nameof(signatures));
        }

        var all = signatures.SelectMany(Flatten).ToList();
        var weakest = all.FirstOrDefault(r => r.Indication == ValidationIndication.Failed)
            ?? all.FirstOrDefault(r => r.Indication == ValidationIndication.Indeterminate)
            ?? signatures[0];
        return weakest with
        {
            Message = message ?? (signatures.Count == 1 && all.Count == 1
                ? weakest.Message
                : $"{all.Count(r => r.Indication == ValidationIndication.Passed)} of {all.Count} signatures passed; {Describe(weakest)}"),
            Signatures = signatures,
            CounterSignatures = [],
        };
    }

    private static IEnumerable<ValidationReport> Flatten(ValidationReport report) =>
        new[] { report }.Concat(report.CounterSignatures.SelectMany(Flatten));

    private static string Describe(ValidationReport report) =>
        report.Indication == ValidationIndication.Passed
            ? "all are valid."
            : $"{report.SignatureId ?? "a signature"}: {report.Message}";
}
