using Ca.Core.Common;
using Ca.Core.Profiles;

namespace Ca.Core.Issuance;

/// <summary>
/// Subject rules of the CA/B Forum Baseline Requirements (7.1.4.2) for profiles under them: an
/// organisation name is only meaningful with where the organisation is, so O needs C and at least
/// one of L and ST; without O the certificate is domain validated and names no place either.
/// </summary>
public static class BaselineSubjectRules
{
    /// <summary>Throws a 422 naming the missing attribute.</summary>
    public static void Check(IReadOnlyList<SubjectAttribute> subject, CertificateProfile profile)
    {
        if (!profile.BaselineRequirements)
        {
            return;
        }

        if (subject.All(a => a.Type != "O"))
        {
            // Without an organisation the certificate is domain validated, whose subject names no
            // place or organisation (BR 7.1.2.7.2).
            var stray = subject.FirstOrDefault(a => a.Type is "L" or "ST" or "organizationIdentifier");
            if (stray is not null)
            {
                throw CaException.Unprocessable("organization-required", $"Profile '{profile.Name}' allows {stray.Type} only together with O (organisation); a certificate without O is domain validated and names no place (CA/B BR 7.1.2.7.2).", $"subject.{stray.Type}");
            }

            return;
        }

        if (subject.All(a => a.Type != "C"))
        {
            throw CaException.Unprocessable("country-required", $"Profile '{profile.Name}' requires C (country) when O (organisation) is present (CA/B BR 7.1.4.2).", "subject.C");
        }

        if (subject.All(a => a.Type is not ("L" or "ST")))
        {
            throw CaException.Unprocessable("locality-required", $"Profile '{profile.Name}' requires L (locality) or ST (state or province) when O (organisation) is present (CA/B BR 7.1.4.2).", "subject.L");
        }
    }
}
