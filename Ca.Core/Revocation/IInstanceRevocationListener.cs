namespace Ca.Core.Revocation;

/// <summary>
/// A revocation listener whose state lives in this process's memory (pre-signed OCSP answers, the OCSP
/// responders and TSA key in use). The revoking instance calls it in-process; every other instance calls
/// it again when the change event reaches it through the feed, so no instance keeps signing with or
/// vouching for what another revoked. Listeners that act on shared state (publishing a CRL) are not of
/// this kind: running them on every instance would only repeat the work.
/// </summary>
public interface IInstanceRevocationListener : IRevocationListener;
