namespace Ca.Core.Timestamping;

/// <summary>
/// Operator settings of the time-stamp authority. The policy OID is printed in every token and is what
/// relying parties match against the TSA's published practice statement, so it must be the operator's own.
/// </summary>
public sealed class TsaOptions
{
    /// <summary>
    /// The default TSA policy, <see cref="Profiles.ServicePolicyOids.TimeStampingPolicy"/> under the
    /// service's documented arc. Operators set their own (the OID their TSA practice statement names).
    /// </summary>
    public const string DefaultPolicyOid = Profiles.ServicePolicyOids.TimeStampingPolicy;

    /// <summary>The TSA policy (RFC 3161 2.4.2 <c>policy</c>) stamped into every token.</summary>
    public string PolicyOid { get; set; } = DefaultPolicyOid;

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
