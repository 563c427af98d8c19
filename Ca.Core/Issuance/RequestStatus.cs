namespace Ca.Core.Issuance;

/// <summary>Where a certificate request is in its life.</summary>
public enum RequestStatus
{
    /// <summary>Waiting for an officer.</summary>
    Pending,
    /// <summary>A certificate was issued.</summary>
    Issued,
    /// <summary>An officer refused it.</summary>
    Rejected,
    /// <summary>Nobody decided in time.</summary>
    Expired,
}
