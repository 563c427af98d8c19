namespace Ca.Core.Revocation;

/// <summary>Told after a revocation state change is durable: caches drop the serial, CRLs may be republished.</summary>
public interface IRevocationListener
{
    /// <summary>Called once per committed change; must not throw for ordinary failures (log instead).</summary>
    Task OnRevocationChangedAsync(string caId, Common.SerialNumber serial, CancellationToken cancellationToken);
}
