namespace Ca.Core.Timestamping;

/// <summary>
/// Operator settings of the time-stamp authority. The policy OID is printed in every token and is what
/// relying parties match against the TSA's published practice statement, so it must be the operator's own.
/// </summary>
public sealed class TsaOptions
{
    /// <summary>
    /// A placeholder under the IANA "example" enterprise arc (1.3.6.1.4.1.99999 is not assigned to anyone).
    /// Operators MUST replace it with a policy OID under their own arc before going live.
    /// </summary>
    public const string PlaceholderPolicyOid = "1.3.6.1.4.1.99999.1.1";

    /// <summary>The TSA policy (RFC 3161 2.4.2 <c>policy</c>) stamped into every token.</summary>
    public string PolicyOid { get; set; } = PlaceholderPolicyOid;

    /// <summary>
    /// Further policies a client may ask for in <c>reqPolicy</c> and be served under; requests naming any
    /// other policy are rejected with unacceptedPolicy.
    /// </summary>
    public IList<string> AdditionalAcceptedPolicyOids { get; set; } = new List<string>();

    /// <summary>How far genTime may be from UTC, as the token's accuracy field; 0 leaves the field out.</summary>
    public int AccuracySeconds { get; set; } = 1;

    /// <summary>Whether to name the TSA (its certificate subject) in the token's <c>tsa</c> field.</summary>
    public bool IncludeTsaName { get; set; } = true;
}
