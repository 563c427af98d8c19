using Ca.Core.Profiles;

namespace Ca.Core.Issuance;

/// <summary>One subjectAltName entry in its normalised form (DNS names lower-case A-labels).</summary>
/// <param name="Type">The GeneralName form.</param>
/// <param name="Value">The value as it is encoded.</param>
public sealed record SubjectAltName(SanType Type, string Value)
{
    /// <summary>The text form used in the API: a bare DNS name, or <c>ip:</c>/<c>email:</c>/<c>uri:</c> prefixed.</summary>
    public override string ToString() => Type switch
    {
        SanType.Dns => Value,
        SanType.Ip => "ip:" + Value,
        SanType.Email => "email:" + Value,
        _ => "uri:" + Value,
    };
}
