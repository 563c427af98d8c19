namespace Ca.Core.Issuance;

/// <summary>One attribute of a subject name, by short name (e.g. O = บริษัท ตัวอย่าง จำกัด).</summary>
/// <param name="Type">Short name, canonical casing (see <see cref="SubjectAttributeTypes"/>).</param>
/// <param name="Value">The value, NFC-normalised.</param>
public sealed record SubjectAttribute(string Type, string Value);
