namespace Ca.Core.Common;

/// <summary>
/// The kinds of failure Core reports. Each maps to exactly one HTTP status at the API edge, so a
/// handler never decides the status code itself.
/// </summary>
public enum CaErrorKind
{
    /// <summary>The input cannot be parsed at all (malformed PEM/DER, missing field): 400.</summary>
    BadRequest,
    /// <summary>The input parses but policy forbids it (weak key, forbidden SAN, too long validity): 422.</summary>
    Unprocessable,
    /// <summary>The named thing does not exist (or the caller may not know it does): 404.</summary>
    NotFound,
    /// <summary>The thing exists but its state forbids the operation (already revoked, CA retired): 409.</summary>
    Conflict,
    /// <summary>The caller is known but not allowed: 403.</summary>
    Forbidden,
}

/// <summary>
/// A failure Core expects and explains: bad input or a state conflict, never a bug. Carries a stable
/// machine-readable <see cref="Code"/> (problem type suffix) and, when one field is to blame, its name.
/// </summary>
public sealed class CaException : Exception
{
    /// <summary>Creates an expected failure.</summary>
    public CaException(CaErrorKind kind, string code, string message, string? field = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Code = code;
        Field = field;
    }

    /// <summary>What class of failure this is; decides the HTTP status.</summary>
    public CaErrorKind Kind { get; }

    /// <summary>A stable kebab-case identifier, e.g. <c>weak-key</c>.</summary>
    public string Code { get; }

    /// <summary>The request field at fault, if any.</summary>
    public string? Field { get; }

    /// <summary>
    /// Several faults at once, by name (e.g. the pre-issuance lint rules a certificate broke, each with
    /// its reason); shown as the problem's <c>errors</c>. Null when <see cref="Field"/> says it all.
    /// </summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>Shorthand for a 400.</summary>
    public static CaException BadRequest(string code, string message, string? field = null, Exception? inner = null) => new(CaErrorKind.BadRequest, code, message, field, inner);

    /// <summary>Shorthand for a 422.</summary>
    public static CaException Unprocessable(string code, string message, string? field = null) => new(CaErrorKind.Unprocessable, code, message, field);

    /// <summary>Shorthand for a 404.</summary>
    public static CaException NotFound(string code, string message) => new(CaErrorKind.NotFound, code, message);

    /// <summary>Shorthand for a 409.</summary>
    public static CaException Conflict(string code, string message) => new(CaErrorKind.Conflict, code, message);

    /// <summary>Shorthand for a 403.</summary>
    public static CaException Forbidden(string code, string message) => new(CaErrorKind.Forbidden, code, message);
}
