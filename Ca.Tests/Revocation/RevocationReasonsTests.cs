using Ca.Core.Common;
using Ca.Core.Revocation;

namespace Ca.Tests.Revocation;

/// <summary>Wire names and codes of RFC 5280 CRLReason.</summary>
public sealed class RevocationReasonsTests
{
    [Theory]
    [InlineData(RevocationReason.Unspecified, "unspecified", 0)]
    [InlineData(RevocationReason.KeyCompromise, "keyCompromise", 1)]
    [InlineData(RevocationReason.CACompromise, "cACompromise", 2)]
    [InlineData(RevocationReason.AffiliationChanged, "affiliationChanged", 3)]
    [InlineData(RevocationReason.Superseded, "superseded", 4)]
    [InlineData(RevocationReason.CessationOfOperation, "cessationOfOperation", 5)]
    [InlineData(RevocationReason.CertificateHold, "certificateHold", 6)]
    [InlineData(RevocationReason.RemoveFromCrl, "removeFromCRL", 8)]
    [InlineData(RevocationReason.PrivilegeWithdrawn, "privilegeWithdrawn", 9)]
    [InlineData(RevocationReason.AACompromise, "aACompromise", 10)]
    public void WireName_EveryReason_RoundTripsWithRfcCode(RevocationReason reason, string name, int code)
    {
        Assert.Equal(name, reason.ToWireName());
        Assert.True(RevocationReasons.TryParse(name, out var parsed));
        Assert.Equal(reason, parsed);
        Assert.Equal(code, (int)reason);
        Assert.True(RevocationReasons.TryFromCode(code, out var fromCode));
        Assert.Equal(reason, fromCode);
    }

    [Fact]
    public void TryParse_DifferentCase_Accepts()
    {
        Assert.True(RevocationReasons.TryParse("KEYCOMPROMISE", out var reason));
        Assert.Equal(RevocationReason.KeyCompromise, reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("7")]
    [InlineData("stolen")]
    public void Parse_Unknown_ThrowsBadRequest(string? text)
    {
        var error = Assert.Throws<CaException>(() => RevocationReasons.Parse(text));
        Assert.Equal(CaErrorKind.BadRequest, error.Kind);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(7)]
    [InlineData(11)]
    public void TryFromCode_UnassignedCode_ReturnsFalse(int code) => Assert.False(RevocationReasons.TryFromCode(code, out _));

    [Fact]
    public void IsAssignable_RemoveFromCrl_IsFalse()
    {
        Assert.False(RevocationReason.RemoveFromCrl.IsAssignable());
        Assert.True(RevocationReason.KeyCompromise.IsAssignable());
    }
}
