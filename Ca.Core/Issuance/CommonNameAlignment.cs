using System.Net;
using Ca.Core.Common;
using Ca.Core.Profiles;

namespace Ca.Core.Issuance;

/// <summary>
/// CA/B BR 7.1.4.3: a CN, when present, is a character-for-character copy of one subjectAltName.
/// A CN that names the same host as a SAN in another spelling (upper case, a trailing dot, a Thai
/// U-label beside its A-label SAN) is rewritten to the SAN's exact form rather than refused, so the
/// requester's intent survives and the certificate is still what linters and browsers expect; a CN
/// that names no SAN is refused. An IP-address CN matches an iPAddress SAN in its canonical text
/// form (dotted quad; RFC 5952 for IPv6).
/// </summary>
public static class CommonNameAlignment
{
    /// <summary>Returns the subject with its CN in the exact form of the SAN it names (unchanged when the profile does not tie CN to SAN).</summary>
    public static IReadOnlyList<SubjectAttribute> Align(IReadOnlyList<SubjectAttribute> subject, IReadOnlyList<SubjectAltName> sans, CertificateProfile profile)
    {
        var cn = SubjectNames.CommonName(subject);
        if (!profile.CommonNameMustBeSubjectAltName || cn is null)
        {
            return subject;
        }

        var named = AsSubjectAltName(cn);
        if (named is null || !sans.Contains(named))
        {
            throw CaException.Unprocessable("cn-not-in-sans",
                $"Profile '{profile.Name}' requires the CN ({cn}) to be one of the subjectAltNames ({string.Join(", ", sans)}), or no CN at all.", "subject.CN");
        }

        if (named.Value.Length > 64)
        {
            throw CaException.Unprocessable("invalid-subject-attribute",
                $"The CN would be {named.Value} ({named.Value.Length} characters, over the 64 X.520 allows); leave the CN out, the subjectAltName carries the name.", "subject.CN");
        }

        return subject.Select(a => a.Type == "CN" ? a with { Value = named.Value } : a).ToList();
    }

    /// <summary>The SAN a CN text names: an IP address when it is written as one, else a DNS name; null when it is neither.</summary>
    private static SubjectAltName? AsSubjectAltName(string cn)
    {
        var looksLikeIp = cn.Contains(':', StringComparison.Ordinal) || (cn.Split('.').Length == 4 && cn.All(c => char.IsAsciiDigit(c) || c == '.'));
        if (looksLikeIp)
        {
            return IPAddress.TryParse(cn, out var address) ? new SubjectAltName(SanType.Ip, address.ToString()) : null;
        }

        try
        {
            return SubjectAltNames.Parse("dns:" + cn, "subject.CN");
        }
        catch (CaException)
        {
            return null;
        }
    }
}
