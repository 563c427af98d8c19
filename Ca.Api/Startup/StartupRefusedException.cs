namespace Ca.Api.Startup;

/// <summary>
/// A configuration the service must not run with (no KEK in production, a KEK that does not open
/// the stored keys). It is the operator's to fix, not a bug: Program logs the message as one line,
/// without a stack trace, and exits non-zero.
/// </summary>
internal sealed class StartupRefusedException(string message) : Exception(message);
