namespace Ca.Core.Revocation;

/// <summary>A published CRL as stored and served: the DER is served exactly as signed, never rebuilt per request.</summary>
/// <param name="CaId">The issuing CA.</param>
/// <param name="Number">cRLNumber; complete and delta CRLs of a CA share one sequence (RFC 5280 5.2.3).</param>
/// <param name="IsDelta">True for a delta CRL.</param>
/// <param name="BaseNumber">For a delta, the complete CRL it builds on.</param>
/// <param name="ThisUpdate">The instant the contents were decided (the encoded thisUpdate is this, in whole seconds).</param>
/// <param name="NextUpdate">nextUpdate.</param>
/// <param name="Der">The signed CRL.</param>
public sealed record StoredCrl(string CaId, long Number, bool IsDelta, long? BaseNumber, DateTimeOffset ThisUpdate, DateTimeOffset NextUpdate, byte[] Der);
