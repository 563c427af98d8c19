namespace Ca.Core.Documents.Pades;

/// <summary>How to sign one PDF.</summary>
/// <param name="Level">B-B, B-T (default), B-LT or B-LTA.</param>
/// <param name="Visible">Where to show the signature; null for an invisible one.</param>
/// <param name="Reason">/Reason, shown by readers.</param>
/// <param name="Location">/Location.</param>
public sealed record PadesOptions(SignatureLevel Level = SignatureLevel.BT, VisibleSignature? Visible = null, string? Reason = null, string? Location = null);
