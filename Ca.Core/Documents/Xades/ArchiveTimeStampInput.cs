using System.Xml;

namespace Ca.Core.Documents.Xades;

/// <summary>
/// The octets an XAdES archive time-stamp (xades141:ArchiveTimeStamp) covers, computed as ETSI EN 319 132-1
/// 5.5.2.2 (and XAdES 1.4.1 8.2) defines for the non-distributed case, so that one stamp proves the signed
/// data, the signature and every piece of validation material added before it:
/// <list type="number">
/// <item>the output of every ds:Reference of SignedInfo, in order, after its transforms (a node-set result is
/// canonicalized with the time-stamp's CanonicalizationMethod);</item>
/// <item>ds:SignedInfo, ds:SignatureValue and ds:KeyInfo, each canonicalized;</item>
/// <item>every unsigned signature property before this time-stamp, in document order, each canonicalized;</item>
/// <item>every ds:Object except the one holding QualifyingProperties, each canonicalized.</item>
/// </list>
/// References are processed for the shapes signers use for enveloped signatures: the whole document (URI "")
/// with or without the enveloped-signature transform, or a same-document Id, each optionally followed by a
/// C14N transform. Anything else (XPath, XSLT, base64 transforms) cannot be reproduced here and throws
/// <see cref="XmlException"/>, so the time-stamp is reported as unverifiable rather than trusted.
/// </summary>
internal static class ArchiveTimeStampInput
{
    /// <summary>The input for a time-stamp placed after <paramref name="precedingProperties"/>.</summary>
    /// <param name="signature">The ds:Signature element.</param>
    /// <param name="precedingProperties">The children of UnsignedSignatureProperties before the archive time-stamp.</param>
    /// <param name="c14n">The time-stamp's CanonicalizationMethod.</param>
    public static byte[] Compute(XmlElement signature, IEnumerable<XmlElement> precedingProperties, string c14n)
    {
        var document = signature.OwnerDocument;
        using var output = new MemoryStream();
        foreach (var reference in Children(Child(signature, "SignedInfo") ?? throw new XmlException("The signature has no SignedInfo."), "Reference"))
        {
            output.Write(ReferenceOutput(document, signature, reference, c14n));
        }

        foreach (var name in new[] { "SignedInfo", "SignatureValue", "KeyInfo" })
        {
            if (Child(signature, name) is { } element)
            {
                output.Write(XmlCanonicalizer.Canonicalize(element, c14n));
            }
        }

        foreach (var property in precedingProperties)
        {
            output.Write(XmlCanonicalizer.Canonicalize(property, c14n));
        }

        foreach (var dsObject in Children(signature, "Object"))
        {
            if (!dsObject.ChildNodes.OfType<XmlElement>().Any(e => e.LocalName == "QualifyingProperties" && e.NamespaceURI == XmlDsigNames.XadesNamespace))
            {
                output.Write(XmlCanonicalizer.Canonicalize(dsObject, c14n));
            }
        }

        return output.ToArray();
    }

    private static byte[] ReferenceOutput(XmlDocument document, XmlElement signature, XmlElement reference, string c14n)
    {
        var transforms = Child(reference, "Transforms") is { } list ? Children(list, "Transform").Select(t => t.GetAttribute("Algorithm")).ToList() : [];
        var enveloped = false;
        string? canonicalization = null;
        foreach (var transform in transforms)
        {
            switch (transform)
            {
                case XmlDsigNames.EnvelopedSignature:
                    enveloped = true;
                    break;
                case XmlCanonicalizer.ExclusiveC14N or XmlCanonicalizer.InclusiveC14N:
                    canonicalization = transform;
                    break;
                default:
                    throw new NotSupportedException($"The reference transform {transform} is not supported for archive time-stamps.");
            }
        }

        var algorithm = canonicalization ?? c14n;
        var uri = reference.GetAttribute("URI");
        if (uri.Length == 0)
        {
            return enveloped
                ? XmlCanonicalizer.CanonicalizeDocumentWithout(document, signature, algorithm)
                : XmlCanonicalizer.CanonicalizeDocument(document, algorithm);
        }

        if (!uri.StartsWith('#'))
        {
            throw new XmlException($"The reference '{uri}' is not a same-document reference.");
        }

        var id = uri[1..];
        var target = XmlTree.FindById(document, id)
            ?? throw new XmlException($"The reference '{uri}' resolves to nothing.");
        if (enveloped && XmlTree.IsInside(signature, target))
        {
            throw new NotSupportedException($"The reference '{uri}' encloses the signature; only the whole-document enveloped form is supported.");
        }

        return XmlCanonicalizer.Canonicalize(target, algorithm);
    }

    private static XmlElement? Child(XmlElement parent, string name) => Children(parent, name).FirstOrDefault();

    private static IEnumerable<XmlElement> Children(XmlElement parent, string name) =>
        parent.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == name && e.NamespaceURI == XmlDsigNames.DsNamespace);
}
