using Org.BouncyCastle.Asn1.X509;

namespace Ca.Core.Validation;

/// <summary>Reason-code partition coverage (RFC 5280 6.3.2 reasons_mask), as ReasonFlags bit values.</summary>
internal static class CrlReasonMask
{
    /// <summary>Every real reason; "unused" (bit 0) is not a reason a CRL can be partitioned on.</summary>
    public const int AllReasons =
        ReasonFlags.KeyCompromise | ReasonFlags.CACompromise | ReasonFlags.AffiliationChanged | ReasonFlags.Superseded |
        ReasonFlags.CessationOfOperation | ReasonFlags.CertificateHold | ReasonFlags.PrivilegeWithdrawn | ReasonFlags.AACompromise;

    /// <summary>6.3.3 (c): reasons a CRL covers for a distribution point.</summary>
    public static int Interim(DistributionPoint point, IssuingDistributionPoint? idp)
    {
        var fromIdp = idp?.OnlySomeReasons is { } r1 ? r1.IntValue & AllReasons : AllReasons;
        var fromDp = point.Reasons is { } r2 ? r2.IntValue & AllReasons : AllReasons;
        return fromIdp & fromDp;
    }
}
