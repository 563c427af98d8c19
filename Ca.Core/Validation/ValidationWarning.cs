namespace Ca.Core.Validation;

/// <summary>
/// Something worth knowing that did not change the indication. <see cref="Code"/> is stable (one of
/// <see cref="ValidationWarningCodes"/>), so a portal or client explains it in the reader's language;
/// <see cref="Message"/> is the English sentence the API has always returned.
/// </summary>
/// <param name="Code">Stable kebab-case code.</param>
/// <param name="Message">An English sentence for logs and API clients; not for parsing.</param>
/// <param name="Cause">For warnings about a time-stamp authority's certificate: why its path did not validate.</param>
public sealed record ValidationWarning(string Code, string Message, ValidationSubIndication? Cause = null);
