using System.Xml;

namespace Ca.Core.Documents.Xades;

/// <summary>
/// The two tree questions every XMLDSig reference check asks: which element an Id names (Id, ID or id, as
/// signing tools differ), and whether one node lies inside another. One answer for the verifier and the archive
/// time-stamp input, so they cannot disagree about what a reference points at.
/// </summary>
internal static class XmlTree
{
    /// <summary>The first element whose Id, ID or id attribute is <paramref name="id"/>; null when none.</summary>
    public static XmlElement? FindById(XmlDocument document, string id) =>
        document.GetElementsByTagName("*").Cast<XmlElement>().FirstOrDefault(e => e.GetAttribute("Id") == id || e.GetAttribute("ID") == id || e.GetAttribute("id") == id);

    /// <summary>True when <paramref name="node"/> is <paramref name="container"/> or lies below it.</summary>
    public static bool IsInside(XmlNode node, XmlNode container)
    {
        for (var current = node; current is not null; current = current.ParentNode)
        {
            if (current == container)
            {
                return true;
            }
        }

        return false;
    }
}
