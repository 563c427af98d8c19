namespace Ca.Core.Keys;

/// <summary>
/// The key exists but cannot sign right now: its token does not answer, was removed, or refused the
/// session even after one reconnect. A temporary condition for the operator, never the client's
/// fault: the API answers 503 (problem <c>key-unavailable</c>) until the token is back.
/// </summary>
public sealed class KeyUnavailableException : Exception
{
    /// <summary>Creates the exception; the message names the key or token, never a PIN.</summary>
    public KeyUnavailableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>
    /// This exception anywhere in <paramref name="exception"/>'s chain: BouncyCastle's OCSP and CMS
    /// generators wrap whatever the signer throws in their own exception types.
    /// </summary>
    public static KeyUnavailableException? FindIn(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is KeyUnavailableException found)
            {
                return found;
            }
        }

        return null;
    }
}
