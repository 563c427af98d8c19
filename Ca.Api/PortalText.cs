namespace Ca.Api;

/// <summary>
/// Marker for the portal's strings: <c>IStringLocalizer&lt;PortalText&gt;</c> reads
/// <c>Resources/PortalText.th.resx</c> and <c>Resources/PortalText.en.resx</c>. One shared file per
/// language keeps every translation of a term in one place, so a reviewer sees the whole portal's
/// Thai at once. Keys are <c>Area.Thing</c>; a key that is missing shows as itself, which the
/// browser tests look for.
/// </summary>
public sealed class PortalText;
