using System.Security.Cryptography.Xml;
using System.Xml;

namespace Ca.Core.Documents.Xades;

/// <summary>
/// Canonical XML of a subtree in its document context (XML-C14N 1.0 or Exclusive XML-C14N), through
/// System.Security.Cryptography.Xml's transforms: the subtree is copied into its own document with the
/// namespace declarations in scope on its ancestors, as SignedXml itself does for SignedInfo.
/// </summary>
internal static class XmlCanonicalizer
{
    public const string ExclusiveC14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
    public const string InclusiveC14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";

    public static byte[] Canonicalize(XmlElement element, string algorithm)
    {
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        var copy = (XmlElement)document.ImportNode(element, true);
        document.AppendChild(copy);
        for (var ancestor = element.ParentNode as XmlElement; ancestor is not null; ancestor = ancestor.ParentNode as XmlElement)
        {
            foreach (XmlAttribute attribute in ancestor.Attributes)
            {
                var isNamespace = attribute.Prefix == "xmlns" || (attribute.Prefix.Length == 0 && attribute.LocalName == "xmlns");
                var isXml = algorithm == InclusiveC14N && attribute.Prefix == "xml";
                if ((isNamespace || isXml) && copy.GetAttributeNode(attribute.LocalName, attribute.NamespaceURI) is null)
                {
                    copy.SetAttributeNode((XmlAttribute)document.ImportNode(attribute, true));
                }
            }
        }

        return Transform(document, algorithm);
    }

    /// <summary>The whole document, without the element given (the enveloped-signature transform), canonicalized.</summary>
    public static byte[] CanonicalizeDocumentWithout(XmlDocument document, XmlElement signature, string algorithm)
    {
        var clone = (XmlDocument)document.CloneNode(true);
        var path = PathOf(signature);
        var inClone = Follow(clone, path);
        inClone.ParentNode!.RemoveChild(inClone);
        return Transform(clone, algorithm);
    }

    /// <summary>The whole document canonicalized (a same-document reference without the enveloped-signature transform).</summary>
    public static byte[] CanonicalizeDocument(XmlDocument document, string algorithm) => Transform((XmlDocument)document.CloneNode(true), algorithm);

    private static byte[] Transform(XmlDocument document, string algorithm)
    {
        Transform transform = algorithm switch
        {
            ExclusiveC14N => new XmlDsigExcC14NTransform(),
            InclusiveC14N => new XmlDsigC14NTransform(),
            _ => throw new XmlException($"Canonicalization {algorithm} is not supported."),
        };
        transform.LoadInput(document);
        using var output = (Stream)transform.GetOutput(typeof(Stream));
        using var buffer = new MemoryStream();
        output.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static List<int> PathOf(XmlNode node)
    {
        var path = new List<int>();
        for (var current = node; current.ParentNode is not null; current = current.ParentNode)
        {
            var index = 0;
            for (var sibling = current.PreviousSibling; sibling is not null; sibling = sibling.PreviousSibling)
            {
                index++;
            }

            path.Insert(0, index);
        }

        return path;
    }

    private static XmlNode Follow(XmlNode root, List<int> path)
    {
        var node = root;
        foreach (var index in path)
        {
            node = node.ChildNodes[index]!;
        }

        return node;
    }
}
