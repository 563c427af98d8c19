namespace Ca.Core.Common.Net;

/// <summary>Why <see cref="OutboundAddressGuard"/> did not connect.</summary>
public enum OutboundRefusal
{
    /// <summary>The name did not resolve, or has no address.</summary>
    Dns,

    /// <summary>Every address of the name is in a range the service does not connect to.</summary>
    AddressNotAllowed,

    /// <summary>Allowed addresses exist but none accepted the connection.</summary>
    Connection,
}

/// <summary>An outbound connection was not made; the message says why, for the caller's report.</summary>
public sealed class OutboundConnectionRefusedException : IOException
{
    /// <summary>Creates the exception.</summary>
    public OutboundConnectionRefusedException(OutboundRefusal refusal, string message, Exception? inner = null)
        : base(message, inner)
    {
        Refusal = refusal;
    }

    /// <summary>Why.</summary>
    public OutboundRefusal Refusal { get; }
}
