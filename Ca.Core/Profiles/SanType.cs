namespace Ca.Core.Profiles;

/// <summary>subjectAltName forms the service issues (RFC 5280 4.2.1.6).</summary>
public enum SanType
{
    /// <summary>dNSName.</summary>
    Dns,
    /// <summary>iPAddress (v4 or v6).</summary>
    Ip,
    /// <summary>rfc822Name.</summary>
    Email,
    /// <summary>uniformResourceIdentifier.</summary>
    Uri,
}
