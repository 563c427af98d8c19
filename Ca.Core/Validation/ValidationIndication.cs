namespace Ca.Core.Validation;

/// <summary>
/// The main status of a validation report (ETSI EN 319 102-1 5.1.3): a relying party acts on this
/// alone; the sub-indication says why.
/// </summary>
public enum ValidationIndication
{
    /// <summary>Every check passed.</summary>
    Passed,
    /// <summary>Something is proven wrong: the signature or certificate must not be relied on.</summary>
    Failed,
    /// <summary>Not enough is known (no chain to a trusted anchor, no proof of time, no revocation data).</summary>
    Indeterminate,
}
