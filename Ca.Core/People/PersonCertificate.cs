namespace Ca.Core.People;

/// <summary>
/// A TLS client certificate issued here that signs a person in to the portal. A certificate is linked
/// to at most one person; a person may have several (a laptop, a smart card).
/// </summary>
/// <param name="PersonId">Who the certificate signs in.</param>
/// <param name="IssuerId">The CA that issued it.</param>
/// <param name="SerialNumber">Its serial, canonical hex.</param>
/// <param name="LinkedAt">When it was linked.</param>
/// <param name="LinkedBy">Who linked it: the person (a certificate they requested) or an admin.</param>
public sealed record PersonCertificate(string PersonId, string IssuerId, string SerialNumber, DateTimeOffset LinkedAt, string LinkedBy);
