using Ca.Core.Revocation;

namespace Ca.Tests.Revocation;

/// <summary>The pure CRL planner: fixed dates, no keys.</summary>
public sealed class CrlContentsTests
{
    private static readonly DateTimeOffset Now = new(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromDays(7);
    private static readonly BaseCrlState Base = new(10, Now.AddHours(-6));

    [Fact]
    public void Full_RevokedAndUnexpired_IsListedWithReasonAndInvalidityDate()
    {
        var record = Record("01", Now.AddDays(-1), RevocationReason.KeyCompromise) with { InvalidityDate = Now.AddDays(-2) };

        var entry = Assert.Single(CrlContents.Full([record], Now, Grace));

        Assert.Equal(record.SerialNumber, entry.SerialNumber);
        Assert.Equal(RevocationReason.KeyCompromise, entry.Reason);
        Assert.Equal(Now.AddDays(-2), entry.InvalidityDate);
        Assert.Equal(Now.AddDays(-1), entry.RevokedAt);
    }

    [Fact]
    public void Full_ExpiredWithinGrace_IsStillListed()
    {
        var record = Record("01", Now.AddDays(-30), RevocationReason.Superseded, notAfter: Now.AddDays(-6));

        Assert.Single(CrlContents.Full([record], Now, Grace));
    }

    [Fact]
    public void Full_ExpiredBeyondGrace_IsDropped()
    {
        var record = Record("01", Now.AddDays(-30), RevocationReason.Superseded, notAfter: Now.AddDays(-8));

        Assert.Empty(CrlContents.Full([record], Now, Grace));
    }

    [Fact]
    public void Full_HoldLifted_IsDropped()
    {
        var record = Record("01", Now.AddDays(-3), RevocationReason.CertificateHold) with { UnheldAt = Now.AddDays(-1) };

        Assert.Empty(CrlContents.Full([record], Now, Grace));
    }

    [Fact]
    public void Full_HoldStillInForce_IsListedAsHold()
    {
        var record = Record("01", Now.AddDays(-3), RevocationReason.CertificateHold);

        Assert.Equal(RevocationReason.CertificateHold, Assert.Single(CrlContents.Full([record], Now, Grace)).Reason);
    }

    [Fact]
    public void Full_HeldAgainAfterEarlierRelease_IsListed()
    {
        var record = Record("01", Now.AddDays(-1), RevocationReason.CertificateHold) with { UnheldAt = Now.AddDays(-2) };

        Assert.Single(CrlContents.Full([record], Now, Grace));
    }

    [Fact]
    public void Full_RevokedInTheFuture_IsNotListedYet()
    {
        var record = Record("01", Now.AddMinutes(1), RevocationReason.KeyCompromise);

        Assert.Empty(CrlContents.Full([record], Now, Grace));
    }

    [Fact]
    public void Delta_RevokedSinceBase_IsListed()
    {
        var fresh = Record("01", Base.ThisUpdate.AddHours(1), RevocationReason.KeyCompromise);
        var old = Record("02", Base.ThisUpdate.AddHours(-1), RevocationReason.KeyCompromise);

        var entry = Assert.Single(CrlContents.Delta([fresh, old], Base, Now, Grace));

        Assert.Equal(fresh.SerialNumber, entry.SerialNumber);
    }

    [Fact]
    public void Delta_HoldLiftedSinceBase_IsRemoveFromCrl()
    {
        var record = Record("01", Base.ThisUpdate.AddDays(-1), RevocationReason.CertificateHold) with { UnheldAt = Base.ThisUpdate.AddHours(1) };

        var entry = Assert.Single(CrlContents.Delta([record], Base, Now, Grace));

        Assert.Equal(RevocationReason.RemoveFromCrl, entry.Reason);
        Assert.Equal(record.RevokedAt, entry.RevokedAt);
    }

    [Fact]
    public void Delta_HoldLiftedBeforeBase_IsNotListed()
    {
        var record = Record("01", Base.ThisUpdate.AddDays(-2), RevocationReason.CertificateHold) with { UnheldAt = Base.ThisUpdate.AddDays(-1) };

        Assert.Empty(CrlContents.Delta([record], Base, Now, Grace));
    }

    [Fact]
    public void Delta_HoldPlacedAndLiftedBetweenBaseAndNow_IsNotListed()
    {
        var record = Record("01", Base.ThisUpdate.AddHours(1), RevocationReason.CertificateHold) with { UnheldAt = Base.ThisUpdate.AddHours(2) };

        Assert.Empty(CrlContents.Delta([record], Base, Now, Grace));
    }

    [Fact]
    public void Delta_HoldMadePermanentSinceBase_IsListedWithNewReason()
    {
        var record = Record("01", Base.ThisUpdate.AddDays(-1), RevocationReason.KeyCompromise) with { ChangedAt = Base.ThisUpdate.AddHours(1) };

        Assert.Equal(RevocationReason.KeyCompromise, Assert.Single(CrlContents.Delta([record], Base, Now, Grace)).Reason);
    }

    [Fact]
    public void Delta_ExpiredOutOfGraceSinceBase_IsRemoveFromCrl()
    {
        var record = Record("01", Now.AddDays(-60), RevocationReason.Superseded, notAfter: Now.AddDays(-7).AddHours(-1));

        Assert.Equal(RevocationReason.RemoveFromCrl, Assert.Single(CrlContents.Delta([record], Base, Now, Grace)).Reason);
    }

    [Fact]
    public void Delta_NothingChanged_IsEmpty()
    {
        var record = Record("01", Base.ThisUpdate.AddDays(-1), RevocationReason.KeyCompromise);

        Assert.Empty(CrlContents.Delta([record], Base, Now, Grace));
    }

    [Fact]
    public void Delta_NowBeforeBase_Throws()
    {
        Assert.Throws<ArgumentException>(() => CrlContents.Delta([], Base, Base.ThisUpdate.AddSeconds(-1), Grace));
    }

    private static RevocationRecord Record(string serial, DateTimeOffset revokedAt, RevocationReason reason, DateTimeOffset? notAfter = null) =>
        new(TestPki.Serial(serial), revokedAt, reason, notAfter ?? Now.AddYears(1));
}
