using System.Xml;

namespace Ca.Core.Documents.Xades;

/// <summary>
/// Parses untrusted XML: no DTD at all (so no external entities and no entity expansion), no resolver, and
/// bounds on size, nesting and node count checked in a streaming pass before any DOM is built, so the
/// recursive canonicalizers never see a document deep enough to exhaust the stack.
/// </summary>
internal static class SafeXml
{
    public const int MaxDepth = 256;
    public const int MaxNodes = 2_000_000;

    /// <summary>The document with whitespace preserved (signatures cover it); throws <see cref="XmlException"/> on anything refused.</summary>
    public static XmlDocument Load(ReadOnlyMemory<byte> xml)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 0,
            MaxCharactersInDocument = 64L * 1024 * 1024,
            IgnoreWhitespace = false,
            IgnoreComments = false,
        };

        using (var reader = XmlReader.Create(new MemoryStream(xml.ToArray(), writable: false), settings))
        {
            var nodes = 0;
            while (reader.Read())
            {
                if (reader.Depth > MaxDepth)
                {
                    throw new XmlException($"The XML nests deeper than {MaxDepth} levels.");
                }

                if (++nodes > MaxNodes)
                {
                    throw new XmlException($"The XML has more than {MaxNodes} nodes.");
                }
            }
        }

        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        using var second = XmlReader.Create(new MemoryStream(xml.ToArray(), writable: false), settings);
        document.Load(second);
        return document;
    }

    /// <summary>The document as UTF-8 bytes, declaration kept, nothing reformatted.</summary>
    public static byte[] Save(XmlDocument document)
    {
        using var output = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false), Indent = false, NewLineHandling = NewLineHandling.None };
        using (var writer = XmlWriter.Create(output, settings))
        {
            document.Save(writer);
        }

        return output.ToArray();
    }
}
