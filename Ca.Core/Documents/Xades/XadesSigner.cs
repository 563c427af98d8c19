using System.Globalization;
using System.Security.Cryptography;
using System.Xml;
using Ca.Core.Common;
using Ca.Core.Keys;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace Ca.Core.Documents.Xades;

/// <summary>
/// Signs XML documents (a Thai e-Tax invoice, ETDA 3-2560) with an enveloped XMLDSig signature carrying
/// XAdES qualifying properties (ETSI EN 319 132-1): exclusive C14N, RSA-SHA256 or ECDSA-SHA256/384 by the
/// signer's key, SigningTime, SigningCertificateV2 and DataObjectFormat (XAdES-B-B), and a
/// SignatureTimeStamp from our TSA over the canonical SignatureValue (XAdES-B-T). The signature value comes
/// from the same key seam as CAdES (<see cref="SignatureValues"/>); canonicalization is
/// System.Security.Cryptography.Xml's. XAdES-B-LT adds CertificateValues and RevocationValues (the signer's
/// and the TSA's chains, OCSP responses and CRLs from the same <see cref="IValidationDataSource"/> PAdES
/// B-LT uses), and XAdES-B-LTA an ArchiveTimeStamp over all of it (<see cref="ArchiveTimeStampInput"/>);
/// all of these are unsigned properties, outside SignedInfo, so the XMLDSig core is unchanged.
/// </summary>
public sealed class XadesSigner
{
    private readonly TimeProvider clock;
    private readonly ITimeStampClient? timeStamps;
    private readonly IValidationDataSource? validationData;

    /// <summary>Creates the signer; without a time-stamp client only XAdES-B-B can be made, without a validation data source nothing above B-T.</summary>
    public XadesSigner(TimeProvider clock, ITimeStampClient? timeStamps = null, IValidationDataSource? validationData = null)
    {
        this.clock = clock;
        this.timeStamps = timeStamps;
        this.validationData = validationData;
    }

    /// <summary>Signs at B-T (<paramref name="timestamp"/>) or B-B.</summary>
    /// <exception cref="CaException">422 for XML that is refused (DTD, malformed, beyond limits) or an Ed25519 key.</exception>
    public Task<byte[]> SignAsync(ReadOnlyMemory<byte> xml, DocumentSigningMaterial signer, bool timestamp, CancellationToken cancellationToken) =>
        SignAsync(xml, signer, timestamp ? SignatureLevel.BT : SignatureLevel.BB, cancellationToken);

    /// <summary>Returns the document with the signature appended as the last child of its root element, at the baseline level asked for.</summary>
    /// <exception cref="CaException">422 for XML that is refused (DTD, malformed, beyond limits), an Ed25519 key, or B-LT without a validation data source.</exception>
    public async Task<byte[]> SignAsync(ReadOnlyMemory<byte> xml, DocumentSigningMaterial signer, SignatureLevel level, CancellationToken cancellationToken)
    {
        var timestamp = level >= SignatureLevel.BT;
        if (timestamp && timeStamps is null)
        {
            throw new InvalidOperationException("A signature time-stamp was requested but no time-stamp client is configured.");
        }

        if (level >= SignatureLevel.BLT && validationData is null)
        {
            throw CaException.Unprocessable("level-unavailable", "B-LT and B-LTA need a validation data source, which this service has not configured.", "level");
        }

        var method = signer.Key.Algorithm switch
        {
            KeyAlgorithm.EcdsaP256 => XmlDsigNames.EcdsaSha256,
            KeyAlgorithm.EcdsaP384 => XmlDsigNames.EcdsaSha384,
            KeyAlgorithm.Ed25519 => throw CaException.Unprocessable("unsupported-key", "XML signatures with Ed25519 keys are not interoperable; use an ECDSA or RSA signer.", "signerId"),
            // XMLDSig's rsa-sha256 is PKCS#1 v1.5; a token key set to sign RSASSA-PSS (Pki:Keys:Pkcs11:RsaPss) would contradict it.
            _ when Org.BouncyCastle.Asn1.Pkcs.PkcsObjectIdentifiers.IdRsassaPss.Equals(signer.Key.SignatureAlgorithm.Algorithm) =>
                throw CaException.Unprocessable("unsupported-key", "This signer's key signs RSASSA-PSS, which XML signatures here do not use; use an ECDSA signer or a PKCS#1 v1.5 RSA key.", "signerId"),
            _ => XmlDsigNames.RsaSha256,
        };

        XmlDocument document;
        try
        {
            document = SafeXml.Load(xml);
        }
        catch (XmlException e)
        {
            throw CaException.Unprocessable("invalid-xml", $"The XML cannot be signed: {e.Message}", "document");
        }

        var root = document.DocumentElement ?? throw CaException.Unprocessable("invalid-xml", "The XML has no root element.", "document");
        var id = "xmldsig-" + Guid.NewGuid().ToString("N");
        var signature = BuildSignature(document, signer, method, id);
        root.AppendChild(signature);

        var ns = new XmlNamespaceManager(document.NameTable);
        ns.AddNamespace("ds", XmlDsigNames.DsNamespace);
        ns.AddNamespace("xades", XmlDsigNames.XadesNamespace);
        var references = signature.SelectNodes("ds:SignedInfo/ds:Reference", ns)!.Cast<XmlElement>().ToList();
        var documentDigest = SHA256.HashData(XmlCanonicalizer.CanonicalizeDocumentWithout(document, signature, XmlCanonicalizer.ExclusiveC14N));
        references[0].SelectSingleNode("ds:DigestValue", ns)!.InnerText = Convert.ToBase64String(documentDigest);
        var signedProperties = (XmlElement)signature.SelectSingleNode("ds:Object/xades:QualifyingProperties/xades:SignedProperties", ns)!;
        references[1].SelectSingleNode("ds:DigestValue", ns)!.InnerText = Convert.ToBase64String(SHA256.HashData(XmlCanonicalizer.Canonicalize(signedProperties, XmlCanonicalizer.ExclusiveC14N)));

        var signedInfo = (XmlElement)signature.SelectSingleNode("ds:SignedInfo", ns)!;
        var value = SignatureValues.Sign(signer, XmlCanonicalizer.Canonicalize(signedInfo, XmlCanonicalizer.ExclusiveC14N));
        if (method != XmlDsigNames.RsaSha256)
        {
            value = SignatureValues.DerToPlain(value, signer.Key.Algorithm == KeyAlgorithm.EcdsaP384 ? 48 : 32);
        }

        var signatureValue = (XmlElement)signature.SelectSingleNode("ds:SignatureValue", ns)!;
        signatureValue.InnerText = Convert.ToBase64String(value);

        if (timestamp)
        {
            // XAdES SignatureTimeStamp: over the canonicalized ds:SignatureValue element.
            var imprint = SHA256.HashData(XmlCanonicalizer.Canonicalize(signatureValue, XmlCanonicalizer.ExclusiveC14N));
            var token = await timeStamps!.GetTimeStampTokenAsync(imprint, cancellationToken).ConfigureAwait(false);
            var qualifying = (XmlElement)signature.SelectSingleNode("ds:Object/xades:QualifyingProperties", ns)!;
            var unsigned = Xades(document, "UnsignedProperties");
            var unsignedSignature = Xades(document, "UnsignedSignatureProperties");
            var stamp = Xades(document, "SignatureTimeStamp");
            stamp.SetAttribute("Id", id + "-timestamp");
            var c14n = Ds(document, "CanonicalizationMethod");
            c14n.SetAttribute("Algorithm", XmlCanonicalizer.ExclusiveC14N);
            stamp.AppendChild(c14n);
            var encapsulated = Xades(document, "EncapsulatedTimeStamp");
            encapsulated.InnerText = Convert.ToBase64String(token);
            stamp.AppendChild(encapsulated);
            unsignedSignature.AppendChild(stamp);
            unsigned.AppendChild(unsignedSignature);
            qualifying.AppendChild(unsigned);

            if (level >= SignatureLevel.BLT)
            {
                await AddValidationDataAsync(document, unsignedSignature, signer, token, id, cancellationToken).ConfigureAwait(false);
            }

        }

        var bytes = SafeXml.Save(document);
        return level == SignatureLevel.BLTA ? await AddArchiveTimeStampAsync(bytes, id, cancellationToken).ConfigureAwait(false) : bytes;
    }

    /// <summary>
    /// XAdES-B-LT (EN 319 132-1 5.5.1 and 6.3): CertificateValues with every certificate needed to validate the
    /// signer and the signature time-stamp, RevocationValues with the CRLs and OCSP responses for them.
    /// </summary>
    private async Task AddValidationDataAsync(XmlDocument document, XmlElement unsignedSignature, DocumentSigningMaterial signer, byte[] timeStampToken, string id, CancellationToken cancellationToken)
    {
        var certificates = new List<Org.BouncyCastle.X509.X509Certificate> { signer.Certificate };
        certificates.AddRange(signer.Chain);
        certificates.AddRange(new Org.BouncyCastle.Tsp.TimeStampToken(Org.BouncyCastle.Asn1.Cms.ContentInfo.GetInstance(Asn1Object.FromByteArray(timeStampToken))).GetCertificates().EnumerateMatches(null));
        var material = await validationData!.CollectAsync(certificates.DistinctBy(c => Convert.ToHexString(c.GetSignature())).ToList(), cancellationToken).ConfigureAwait(false);

        var certificateValues = Append(unsignedSignature, Xades(document, "CertificateValues"));
        certificateValues.SetAttribute("Id", id + "-certvalues");
        foreach (var certificate in material.Certificates)
        {
            Append(certificateValues, Xades(document, "EncapsulatedX509Certificate")).InnerText = Convert.ToBase64String(certificate);
        }

        var revocationValues = Append(unsignedSignature, Xades(document, "RevocationValues"));
        revocationValues.SetAttribute("Id", id + "-revocationvalues");
        if (material.Crls.Count > 0)
        {
            var crls = Append(revocationValues, Xades(document, "CRLValues"));
            foreach (var crl in material.Crls)
            {
                Append(crls, Xades(document, "EncapsulatedCRLValue")).InnerText = Convert.ToBase64String(crl);
            }
        }

        if (material.OcspResponses.Count > 0)
        {
            var ocsps = Append(revocationValues, Xades(document, "OCSPValues"));
            foreach (var response in material.OcspResponses)
            {
                Append(ocsps, Xades(document, "EncapsulatedOCSPValue")).InnerText = Convert.ToBase64String(response);
            }
        }
    }

    /// <summary>
    /// XAdES-B-LTA: an xades141:ArchiveTimeStamp from our TSA over the signature and everything before it. The
    /// input is computed on the document as a verifier parses it (saved and loaded again), not on the DOM being
    /// built, so namespace context cannot differ between the two.
    /// </summary>
    private async Task<byte[]> AddArchiveTimeStampAsync(byte[] signed, string id, CancellationToken cancellationToken)
    {
        var document = SafeXml.Load(signed);
        var signature = document.GetElementsByTagName("Signature", XmlDsigNames.DsNamespace).Cast<XmlElement>().Single(e => e.GetAttribute("Id") == id);
        var ns = new XmlNamespaceManager(document.NameTable);
        ns.AddNamespace("ds", XmlDsigNames.DsNamespace);
        ns.AddNamespace("xades", XmlDsigNames.XadesNamespace);
        var unsignedSignature = (XmlElement)signature.SelectSingleNode("ds:Object/xades:QualifyingProperties/xades:UnsignedProperties/xades:UnsignedSignatureProperties", ns)!;
        var preceding = unsignedSignature.ChildNodes.OfType<XmlElement>().ToList();
        var imprint = SHA256.HashData(ArchiveTimeStampInput.Compute(signature, preceding, XmlCanonicalizer.ExclusiveC14N));
        var token = await timeStamps!.GetTimeStampTokenAsync(imprint, cancellationToken).ConfigureAwait(false);
        var archive = document.CreateElement("xades141", "ArchiveTimeStamp", XmlDsigNames.Xades141Namespace);
        archive.SetAttribute("xmlns:xades141", XmlDsigNames.Xades141Namespace);
        archive.SetAttribute("Id", id + "-archivetimestamp");
        Append(archive, Ds(document, "CanonicalizationMethod")).SetAttribute("Algorithm", XmlCanonicalizer.ExclusiveC14N);
        var encapsulated = document.CreateElement("xades", "EncapsulatedTimeStamp", XmlDsigNames.XadesNamespace);
        encapsulated.InnerText = Convert.ToBase64String(token);
        Append(archive, encapsulated);
        Append(unsignedSignature, archive);
        return SafeXml.Save(document);
    }

    private XmlElement BuildSignature(XmlDocument document, DocumentSigningMaterial signer, string method, string id)
    {
        var signature = Ds(document, "Signature");
        signature.SetAttribute("xmlns:ds", XmlDsigNames.DsNamespace);
        signature.SetAttribute("Id", id);

        var signedInfo = Append(signature, Ds(document, "SignedInfo"));
        Append(signedInfo, Ds(document, "CanonicalizationMethod")).SetAttribute("Algorithm", XmlCanonicalizer.ExclusiveC14N);
        Append(signedInfo, Ds(document, "SignatureMethod")).SetAttribute("Algorithm", method);

        var content = Append(signedInfo, Ds(document, "Reference"));
        content.SetAttribute("Id", id + "-ref0");
        content.SetAttribute("URI", string.Empty);
        var transforms = Append(content, Ds(document, "Transforms"));
        Append(transforms, Ds(document, "Transform")).SetAttribute("Algorithm", XmlDsigNames.EnvelopedSignature);
        Append(transforms, Ds(document, "Transform")).SetAttribute("Algorithm", XmlCanonicalizer.ExclusiveC14N);
        Append(content, Ds(document, "DigestMethod")).SetAttribute("Algorithm", XmlDsigNames.Sha256);
        Append(content, Ds(document, "DigestValue"));

        var properties = Append(signedInfo, Ds(document, "Reference"));
        properties.SetAttribute("Type", XmlDsigNames.SignedPropertiesType);
        properties.SetAttribute("URI", "#" + id + "-signedprops");
        Append(Append(properties, Ds(document, "Transforms")), Ds(document, "Transform")).SetAttribute("Algorithm", XmlCanonicalizer.ExclusiveC14N);
        Append(properties, Ds(document, "DigestMethod")).SetAttribute("Algorithm", XmlDsigNames.Sha256);
        Append(properties, Ds(document, "DigestValue"));

        Append(signature, Ds(document, "SignatureValue")).SetAttribute("Id", id + "-sigvalue");
        var x509Data = Append(Append(signature, Ds(document, "KeyInfo")), Ds(document, "X509Data"));
        foreach (var certificate in new[] { signer.Certificate }.Concat(signer.Chain))
        {
            Append(x509Data, Ds(document, "X509Certificate")).InnerText = Convert.ToBase64String(certificate.GetEncoded());
        }

        var qualifying = Append(Append(signature, Ds(document, "Object")), Xades(document, "QualifyingProperties"));
        qualifying.SetAttribute("xmlns:xades", XmlDsigNames.XadesNamespace);
        qualifying.SetAttribute("Target", "#" + id);
        var signedProperties = Append(qualifying, Xades(document, "SignedProperties"));
        signedProperties.SetAttribute("Id", id + "-signedprops");
        var signatureProperties = Append(signedProperties, Xades(document, "SignedSignatureProperties"));
        Append(signatureProperties, Xades(document, "SigningTime")).InnerText =
            clock.GetUtcNow().ToWholeSeconds().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var cert = Append(Append(signatureProperties, Xades(document, "SigningCertificateV2")), Xades(document, "Cert"));
        var digest = Append(cert, Xades(document, "CertDigest"));
        Append(digest, Ds(document, "DigestMethod")).SetAttribute("Algorithm", XmlDsigNames.Sha256);
        Append(digest, Ds(document, "DigestValue")).InnerText = Convert.ToBase64String(SHA256.HashData(signer.Certificate.GetEncoded()));
        var issuerSerial = new IssuerSerial(new GeneralNames(new GeneralName(signer.Certificate.IssuerDN)), new DerInteger(signer.Certificate.SerialNumber));
        Append(cert, Xades(document, "IssuerSerialV2")).InnerText = Convert.ToBase64String(issuerSerial.GetEncoded(Asn1Encodable.Der));
        var format = Append(Append(signedProperties, Xades(document, "SignedDataObjectProperties")), Xades(document, "DataObjectFormat"));
        format.SetAttribute("ObjectReference", "#" + id + "-ref0");
        Append(format, Xades(document, "MimeType")).InnerText = "text/xml";
        return signature;
    }

    private static XmlElement Append(XmlElement parent, XmlElement child)
    {
        parent.AppendChild(child);
        return child;
    }

    private static XmlElement Ds(XmlDocument document, string name) => document.CreateElement("ds", name, XmlDsigNames.DsNamespace);

    private static XmlElement Xades(XmlDocument document, string name) => document.CreateElement("xades", name, XmlDsigNames.XadesNamespace);
}
