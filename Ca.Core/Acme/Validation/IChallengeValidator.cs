namespace Ca.Core.Acme.Validation;

/// <summary>Proves control of an identifier one way (http-01, dns-01, tls-alpn-01).</summary>
public interface IChallengeValidator
{
    /// <summary>The challenge type this validator answers.</summary>
    string Type { get; }

    /// <summary>Checks the identifier's answer; throws <see cref="ChallengeFailedException"/> with the ACME error when it does not prove control.</summary>
    Task ValidateAsync(AcmeIdentifier identifier, string token, string keyAuthorization, CancellationToken cancellationToken);
}

/// <summary>A validation that did not prove control, with the ACME error to store on the challenge.</summary>
public sealed class ChallengeFailedException : Exception
{
    /// <summary>Creates the failure.</summary>
    public ChallengeFailedException(string type, string detail, Exception? inner = null)
        : base(detail, inner)
    {
        Type = type;
    }

    /// <summary>ACME error name (connection, dns, tls, incorrectResponse, unauthorized, rejectedIdentifier).</summary>
    public string Type { get; }

    /// <summary>As stored on the challenge.</summary>
    public AcmeError ToError() => new(Type, Message, Type == AcmeErrors.RejectedIdentifier ? 400 : 403);
}
