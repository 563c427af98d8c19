namespace Ca.Core.Revocation;

/// <summary>The published full CRL a delta is computed against: its number goes into deltaCRLIndicator, its time decides what is new.</summary>
/// <param name="CrlNumber">The base CRL's cRLNumber.</param>
/// <param name="ThisUpdate">The base CRL's thisUpdate (the moment its contents were decided).</param>
public sealed record BaseCrlState(long CrlNumber, DateTimeOffset ThisUpdate);
