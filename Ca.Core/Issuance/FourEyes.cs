using Ca.Core.Common;

namespace Ca.Core.Issuance;

/// <summary>
/// The four-eyes rule compares people: whoever submitted a request may not decide it. An organization's
/// own credential (API key, client certificate) stands for anyone in that organization, so when either
/// the submission or the decision came through one, nobody in the same organization may decide it.
/// </summary>
public static class FourEyes
{
    /// <summary>True when <paramref name="decider"/> may not approve or reject <paramref name="request"/>.</summary>
    public static bool SameSide(CertificateRequestRecord request, CallerContext decider)
    {
        var submitter = request.SubmittedBy ?? request.Requester;
        if (string.Equals(submitter, decider.ActorId, StringComparison.Ordinal))
        {
            return true;
        }

        var submittedAsOrganization = string.Equals(submitter, request.Requester, StringComparison.Ordinal);
        return (submittedAsOrganization || decider.ActsAsOrganization)
            && string.Equals(request.Requester, decider.Organization, StringComparison.Ordinal);
    }
}
