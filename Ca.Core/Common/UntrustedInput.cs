namespace Ca.Core.Common;

/// <summary>
/// Which exceptions mean "these untrusted bytes are malformed" when BouncyCastle decodes or verifies them.
/// BouncyCastle decodes lazily and, on hostile ASN.1, throws far more than its documented types: IOException,
/// ArgumentException, InvalidCastException, InvalidOperationException, NullReferenceException,
/// IndexOutOfRangeException, ArithmeticException, FormatException and its own GeneralSecurityException family
/// (CertificateException, CrlException ...). Where untrusted input is decoded, each of these means the same thing,
/// so such code catches them all here, in a narrow try around the BouncyCastle call, and never cancellation or
/// running out of memory, which say nothing about the input.
/// </summary>
public static class UntrustedInput
{
    /// <summary>True for an exception a decoder may throw on malformed input; false for cancellation and resource exhaustion.</summary>
    /// <param name="exception">What the decoder threw.</param>
    public static bool IsDecodingFailure(Exception exception) =>
        exception is not (OperationCanceledException or OutOfMemoryException or InsufficientExecutionStackException or ThreadInterruptedException);
}
