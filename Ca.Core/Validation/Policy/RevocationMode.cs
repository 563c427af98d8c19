namespace Ca.Core.Validation.Policy;

/// <summary>What the caller wants done about revocation.</summary>
public enum RevocationMode
{
    /// <summary>Every certificate of the path needs a Good answer; no answer is INDETERMINATE/TRY_LATER (the default).</summary>
    Require,

    /// <summary>Look for an answer and honour Revoked, but accept the path when no answer can be had (soft fail, with a warning).</summary>
    Prefer,

    /// <summary>Do not check revocation at all (offline or diagnostic use).</summary>
    Off,
}
