using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using Ca.Core.Validation;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Tsp;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Ca.Core.Documents.Xades;

/// <summary>
/// Validates every XML signature in a document: wrapping checks first (each Id unique, every reference
/// resolving to the document or an element that encloses the signature, never to something parked in a
/// ds:Object; XAdES SignedProperties inside this signature), then the XMLDSig core with
/// System.Security.Cryptography.Xml's SignedXml (references and signature value; a second check of the
/// signature value alone tells a changed document, HASH_FAILURE, from a broken signature), then the
/// XAdES properties (SigningCertificate binding, SigningTime claim, SignatureTimeStamp as proof), then
/// the shared path validation. A plain XMLDSig signature is validated too, with a warning. XAdES
/// CertificateValues and RevocationValues are evidence (<see cref="EmbeddedValidationData"/>, the same rule as a
/// PDF DSS: proof at the time the signature time-stamp proves, labelled "document"); each xades141
/// ArchiveTimeStamp is checked over its input (<see cref="ArchiveTimeStampInput"/>), validated as a time-stamp
/// and reported as an entry of its own, like a PDF document time-stamp.
/// </summary>
internal sealed class XadesVerifier
{
    private const int MaxSignatures = 100;
    private const int MaxEmbeddedValues = 1_000;

    /// <summary>
    /// Each archive time-stamp canonicalizes the whole document again, before its TSA is even looked at: the bound
    /// is per document, not per signature, so a hundred hostile signatures cannot multiply that work.
    /// </summary>
    private const int MaxArchiveTimeStamps = 16;
    private const string TimeStampingEku = "1.3.6.1.5.5.7.3.8";
    private readonly SignerValidator signers;

    public XadesVerifier(SignerValidator signers)
    {
        this.signers = signers;
        EcdsaSignatureDescriptions.EnsureRegistered();
    }

    public async Task<ValidationReport> VerifyAsync(byte[] xml, TrustContext context, DateTimeOffset now, CancellationToken cancellationToken)
    {
        XmlDocument document;
        try
        {
            document = SafeXml.Load(xml);
        }
        catch (XmlException e)
        {
            return Failed($"The XML is refused: {e.Message}", now);
        }

        var signatures = document.GetElementsByTagName("Signature", XmlDsigNames.DsNamespace).Cast<XmlElement>().ToList();
        if (signatures.Count == 0)
        {
            return Failed("The XML document has no signature.", now);
        }

        if (signatures.Count > MaxSignatures)
        {
            return Failed($"More than {MaxSignatures} signatures.", now);
        }

        var ids = IdCounts(document);
        var archiveBudget = new ArchiveTimeStampBudget(MaxArchiveTimeStamps);
        var reports = new List<ValidationReport>();
        for (var i = 0; i < signatures.Count; i++)
        {
            var element = signatures[i];
            var id = element.GetAttribute("Id") is { Length: > 0 } given ? given : $"signature-{i + 1}";
            IReadOnlyList<ValidationReport> results;
            try
            {
                results = await VerifyOneAsync(document, element, ids, archiveBudget, context, now, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is CryptographicException or XmlException or FormatException or ArgumentException or InvalidOperationException or IOException)
            {
                results = [Failed($"The signature is malformed: {e.Message}", now)];
            }

            reports.Add(results[0] with { SignatureId = id });
            reports.AddRange(results.Skip(1).Select((r, n) => r with { SignatureId = $"{id}/archive-timestamp-{n + 1}" }));
        }

        return OverallIndication.Combine(reports);
    }

    /// <summary>The signature's report, then one per archive time-stamp.</summary>
    private async Task<IReadOnlyList<ValidationReport>> VerifyOneAsync(XmlDocument document, XmlElement element, Dictionary<string, int> ids, ArchiveTimeStampBudget archiveBudget, TrustContext context, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ns = new XmlNamespaceManager(document.NameTable);
        ns.AddNamespace("ds", XmlDsigNames.DsNamespace);
        ns.AddNamespace("xades", XmlDsigNames.XadesNamespace);
        ns.AddNamespace("xades141", XmlDsigNames.Xades141Namespace);

        // 1. Wrapping: what do the references point at?
        var scope = new List<string>();
        var hasXades = false;
        foreach (var reference in element.SelectNodes("ds:SignedInfo/ds:Reference", ns)!.Cast<XmlElement>())
        {
            var uri = reference.GetAttribute("URI");
            if (uri.Length == 0)
            {
                scope.Add("\"\": the whole document");
                continue;
            }

            if (!uri.StartsWith('#'))
            {
                return Single(Failed($"The reference '{uri}' points outside the document; only same-document references are accepted.", now));
            }

            var target = uri[1..];
            if (!ids.TryGetValue(target, out var count) || count != 1)
            {
                return Single(Failed($"Signature wrapping: the Id '{target}' is {(count == 0 ? "missing" : "present more than once")}, so what was signed is ambiguous.", now));
            }

            var referenced = XmlTree.FindById(document, target)!;
            if (reference.GetAttribute("Type") == XmlDsigNames.SignedPropertiesType)
            {
                if (referenced.LocalName != "SignedProperties" || referenced.NamespaceURI != XmlDsigNames.XadesNamespace || !XmlTree.IsInside(referenced, element))
                {
                    return Single(Failed("Signature wrapping: the SignedProperties reference does not point into this signature.", now));
                }

                hasXades = true;
                scope.Add($"{uri}: XAdES SignedProperties");
                continue;
            }

            if (InsideAnyObject(referenced) || (referenced != document.DocumentElement && !XmlTree.IsInside(element, referenced)))
            {
                return Single(Failed($"Signature wrapping: the signed element <{referenced.Name}> ('{uri}') is not the document or an element enclosing the signature; what a reader sees is not what was signed.", now));
            }

            scope.Add($"{uri}: <{referenced.Name}>");
        }

        // 2. XMLDSig core.
        var certificates = element.SelectNodes("ds:KeyInfo/ds:X509Data/ds:X509Certificate", ns)!.Cast<XmlElement>()
            .Select(c => new BcCertificate(Convert.FromBase64String(c.InnerText.Trim()))).ToList();
        var signedXml = new SignedXml(document);
        signedXml.LoadXml(element);
        var method = signedXml.SignedInfo!.SignatureMethod;
        if (XmlDsigNames.SignatureOf(method) is not { } algorithm)
        {
            return Single(Failed($"Unsupported signature method {method}.", now));
        }

        var signer = certificates.FirstOrDefault(c => SignatureValueVerifies(element, ns, c, algorithm));
        var warnings = new List<ValidationWarning>();
        CmsInspectionResult inspection;
        if (signer is null)
        {
            inspection = certificates.Count == 0
                ? new CmsInspectionResult(CmsVerdict.FormatFailure, "No signer certificate in KeyInfo/X509Data.", null, [], null, null, null, false)
                : new CmsInspectionResult(CmsVerdict.SignatureFailure, "The signature value does not verify under any certificate in KeyInfo.", certificates[0], certificates, null, null, null, false);
        }
        else
        {
            using var certificate = X509CertificateLoader.LoadCertificate(signer.GetEncoded());
            AsymmetricAlgorithm key = algorithm.Ecdsa ? certificate.GetECDsaPublicKey()! : certificate.GetRSAPublicKey()!;
            using (key)
            {
                inspection = signedXml.CheckSignature(key)
                    ? await XadesPropertiesAsync(element, ns, signer, certificates, hasXades, warnings).ConfigureAwait(false)
                    : new CmsInspectionResult(CmsVerdict.HashFailure, "A reference digest does not match: the signed XML was changed.", signer, certificates, null, null, null, false);
            }
        }

        if (!hasXades)
        {
            warnings.Add(new ValidationWarning(ValidationWarningCodes.XmlSignatureWithoutXades, "A plain XMLDSig signature: it carries no XAdES qualifying properties (no signing certificate binding, signing time or time-stamp)."));
        }

        // 3. Long-term material: validation data in the unsigned properties, archive time-stamps over it.
        var unsignedProperties = hasXades ? element.SelectSingleNode("ds:Object/xades:QualifyingProperties/xades:UnsignedProperties/xades:UnsignedSignatureProperties", ns) as XmlElement : null;
        var embedded = unsignedProperties is null ? EmbeddedValidationData.None : EmbeddedValues(unsignedProperties, ns);
        var archiveReports = new List<ValidationReport>();
        var archiveProofs = new List<(DateTimeOffset Time, BcCertificate Tsa, IReadOnlyList<BcCertificate> Certificates)>();
        if (unsignedProperties is not null && inspection.Verdict == CmsVerdict.Ok)
        {
            foreach (var archive in unsignedProperties.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == "ArchiveTimeStamp" && e.NamespaceURI == XmlDsigNames.Xades141Namespace))
            {
                if (!archiveBudget.TryTake())
                {
                    break;
                }

                var (archiveReport, proof) = await ArchiveTimeStampAsync(element, unsignedProperties, archive, ns, embedded, context, now, cancellationToken).ConfigureAwait(false);
                archiveReports.Add(archiveReport);
                if (proof is { } valid)
                {
                    archiveProofs.Add(valid);
                }
            }
        }

        var evidence = new SignerValidator.Evidence(embedded.Certificates, embedded.Revocation, archiveProofs);
        var report = await signers.ValidateAsync(inspection, parsed: true, context, evidence, now, cancellationToken).ConfigureAwait(false);
        var level = inspection.TimeStampTime is null ? "B" : !embedded.HasRevocationData ? "T" : archiveProofs.Count > 0 ? "LTA" : "LT";
        return
        [
            report with
            {
                Warnings = [.. warnings, .. report.Warnings],
                Format = hasXades ? $"XAdES-BASELINE-{level}" : "XMLDSig",
                Xml = new XmlSignatureScope(scope, hasXades),
            },
            .. archiveReports,
        ];
    }

    /// <summary>
    /// CertificateValues and RevocationValues (and the same inside xades141:TimeStampValidationData), each
    /// kind bounded; a value that is not base64 is no evidence.
    /// </summary>
    private static EmbeddedValidationData EmbeddedValues(XmlElement unsignedProperties, XmlNamespaceManager ns)
    {
        IEnumerable<byte[]> Values(string path) => unsignedProperties.SelectNodes(path, ns)!.Cast<XmlNode>().Take(MaxEmbeddedValues)
            .Select(n => TryBase64(n.InnerText)).OfType<byte[]>().ToList();

        return EmbeddedValidationData.From(
            Values("xades:CertificateValues/xades:EncapsulatedX509Certificate | xades141:TimeStampValidationData/xades:CertificateValues/xades:EncapsulatedX509Certificate"),
            Values("xades:RevocationValues/xades:OCSPValues/xades:EncapsulatedOCSPValue | xades141:TimeStampValidationData/xades:RevocationValues/xades:OCSPValues/xades:EncapsulatedOCSPValue"),
            Values("xades:RevocationValues/xades:CRLValues/xades:EncapsulatedCRLValue | xades141:TimeStampValidationData/xades:RevocationValues/xades:CRLValues/xades:EncapsulatedCRLValue"));
    }

    /// <summary>
    /// One archive time-stamp: its message imprint must match <see cref="ArchiveTimeStampInput"/> over the signature
    /// and the properties before it, its token must verify, and its TSA must validate at genTime (with the embedded
    /// material). Returns its report and, when all holds, the proof it offers the signature.
    /// </summary>
    private async Task<(ValidationReport Report, (DateTimeOffset, BcCertificate, IReadOnlyList<BcCertificate>)? Proof)> ArchiveTimeStampAsync(
        XmlElement signature, XmlElement unsignedProperties, XmlElement archive, XmlNamespaceManager ns, EmbeddedValidationData embedded, TrustContext context, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string format = "XAdES archive time-stamp";
        try
        {
            var c14n = (archive.SelectSingleNode("ds:CanonicalizationMethod", ns) as XmlElement)?.GetAttribute("Algorithm") ?? XmlCanonicalizer.InclusiveC14N;
            var preceding = unsignedProperties.ChildNodes.OfType<XmlElement>().TakeWhile(e => e != archive);
            var token = new TimeStampToken(Org.BouncyCastle.Asn1.Cms.ContentInfo.GetInstance(Asn1Object.FromByteArray(Convert.FromBase64String(archive.SelectSingleNode("xades:EncapsulatedTimeStamp", ns)!.InnerText.Trim()))));
            var info = token.TimeStampInfo;
            var imprint = Org.BouncyCastle.Security.DigestUtilities.CalculateDigest(new DerObjectIdentifier(info.MessageImprintAlgOid), ArchiveTimeStampInput.Compute(signature, preceding, c14n));
            if (!CryptographicOperations.FixedTimeEquals(imprint, info.GetMessageImprintDigest()))
            {
                return (Failed("The archive time-stamp does not cover this signature and its validation data as they are now: something it covers was changed.", now, ValidationSubIndication.HashFailure) with { Format = format }, null);
            }

            var certificates = token.GetCertificates().EnumerateMatches(null).ToList();
            var tsa = certificates.FirstOrDefault(token.SignerID.Match) ?? embedded.Certificates.FirstOrDefault(token.SignerID.Match);
            if (tsa is null)
            {
                return (Failed("The archive time-stamp's TSA certificate is not embedded.", now) with { Format = format }, null);
            }

            token.Validate(tsa);
            var genTime = new DateTimeOffset(DateTime.SpecifyKind(info.GenTime, DateTimeKind.Utc));
            var inspection = new CmsInspectionResult(CmsVerdict.Ok, "Archive time-stamp verified.", tsa, certificates, genTime, null, null, true);
            var report = await signers.ValidateAsync(inspection, parsed: true, context, new SignerValidator.Evidence(embedded.Certificates, embedded.Revocation, []), genTime, cancellationToken, [TimeStampingEku]).ConfigureAwait(false);
            report = report with { TimestampTime = genTime, ValidationTime = genTime, Format = format };
            return (report, report.Indication == ValidationIndication.Passed ? (genTime, tsa, certificates) : null);
        }
        catch (NotSupportedException e)
        {
            // Another tool's valid stamp over a form this verifier cannot recompute: unknown, not broken.
            var unknown = SignerValidator.Report(ValidationIndication.Indeterminate, ValidationSubIndication.SignedDataNotFound, $"The archive time-stamp cannot be checked: {e.Message}", now);
            return (unknown with { Format = format }, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (Failed($"The archive time-stamp is invalid: {e.Message}", now) with { Format = format }, null);
        }
    }

    private static byte[]? TryBase64(string text)
    {
        try
        {
            return Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static IReadOnlyList<ValidationReport> Single(ValidationReport report) => [report];

    /// <summary>SigningCertificate(V2) must name the signer; SigningTime is a claim; SignatureTimeStamp is proof.</summary>
    private static Task<CmsInspectionResult> XadesPropertiesAsync(XmlElement element, XmlNamespaceManager ns, BcCertificate signer, IReadOnlyList<BcCertificate> certificates, bool hasXades, List<ValidationWarning> warnings)
    {
        var ok = new CmsInspectionResult(CmsVerdict.Ok, "Signature verified.", signer, certificates, null, null, null, false);
        if (!hasXades)
        {
            return Task.FromResult(ok);
        }

        var properties = element.SelectSingleNode("ds:Object/xades:QualifyingProperties/xades:SignedProperties/xades:SignedSignatureProperties", ns);
        DateTimeOffset? claimed = properties?.SelectSingleNode("xades:SigningTime", ns) is { } time && DateTimeOffset.TryParse(time.InnerText, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
        var certDigest = properties?.SelectSingleNode("xades:SigningCertificateV2/xades:Cert/xades:CertDigest", ns) ?? properties?.SelectSingleNode("xades:SigningCertificate/xades:Cert/xades:CertDigest", ns);
        if (certDigest is not null)
        {
            var hash = XmlDsigNames.DigestOf((certDigest.SelectSingleNode("ds:DigestMethod", ns) as XmlElement)?.GetAttribute("Algorithm"));
            var expected = Convert.FromBase64String(certDigest.SelectSingleNode("ds:DigestValue", ns)?.InnerText.Trim() ?? string.Empty);
            if (hash is null || !CryptographicOperations.FixedTimeEquals(Hash(hash.Value, signer.GetEncoded()), expected))
            {
                return Task.FromResult(ok with { Verdict = CmsVerdict.SigningCertificateMismatch, Message = "The XAdES signing certificate digest does not match the certificate that verifies.", ClaimedSigningTime = claimed });
            }
        }
        else
        {
            warnings.Add(new ValidationWarning(ValidationWarningCodes.XadesSigningCertificateMissing, "XAdES properties without a SigningCertificate(V2): the certificate is not bound to the signature."));
        }

        var stamp = element.SelectSingleNode("ds:Object/xades:QualifyingProperties/xades:UnsignedProperties/xades:UnsignedSignatureProperties/xades:SignatureTimeStamp", ns) as XmlElement;
        if (stamp is null)
        {
            return Task.FromResult(ok with { ClaimedSigningTime = claimed });
        }

        try
        {
            var c14n = (stamp.SelectSingleNode("ds:CanonicalizationMethod", ns) as XmlElement)?.GetAttribute("Algorithm") ?? XmlCanonicalizer.InclusiveC14N;
            var signatureValue = (XmlElement)element.SelectSingleNode("ds:SignatureValue", ns)!;
            var token = new TimeStampToken(Org.BouncyCastle.Asn1.Cms.ContentInfo.GetInstance(Asn1Object.FromByteArray(Convert.FromBase64String(stamp.SelectSingleNode("xades:EncapsulatedTimeStamp", ns)!.InnerText.Trim()))));
            var info = token.TimeStampInfo;
            var imprint = Org.BouncyCastle.Security.DigestUtilities.CalculateDigest(new DerObjectIdentifier(info.MessageImprintAlgOid), XmlCanonicalizer.Canonicalize(signatureValue, c14n));
            if (!CryptographicOperations.FixedTimeEquals(imprint, info.GetMessageImprintDigest()))
            {
                warnings.Add(new ValidationWarning(ValidationWarningCodes.TimestampNotForThisSignature, "The signature time-stamp was ignored: it does not cover this SignatureValue."));
                return Task.FromResult(ok with { ClaimedSigningTime = claimed });
            }

            var tsa = token.GetCertificates().EnumerateMatches(token.SignerID).FirstOrDefault() ?? certificates.FirstOrDefault(token.SignerID.Match);
            if (tsa is null)
            {
                warnings.Add(new ValidationWarning(ValidationWarningCodes.TimestampAuthorityCertificateMissing, "The signature time-stamp was ignored: its TSA certificate is not embedded."));
                return Task.FromResult(ok with { ClaimedSigningTime = claimed });
            }

            token.Validate(tsa);
            return Task.FromResult(ok with
            {
                ClaimedSigningTime = claimed,
                TimeStampTime = new DateTimeOffset(DateTime.SpecifyKind(info.GenTime, DateTimeKind.Utc)),
                TimeStampAuthorityCertificate = tsa,
                Message = "Signature and signature time-stamp verified.",
            });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            warnings.Add(new ValidationWarning(ValidationWarningCodes.TimestampInvalid, $"The signature time-stamp was ignored: {e.Message}"));
            return Task.FromResult(ok with { ClaimedSigningTime = claimed });
        }
    }

    /// <summary>The signature value over the canonical SignedInfo alone, without the references: tells HASH_FAILURE from SIG_CRYPTO_FAILURE.</summary>
    private static bool SignatureValueVerifies(XmlElement element, XmlNamespaceManager ns, BcCertificate signer, (bool Ecdsa, HashAlgorithmName Hash) algorithm)
    {
        try
        {
            var signedInfo = (XmlElement)element.SelectSingleNode("ds:SignedInfo", ns)!;
            var c14n = (signedInfo.SelectSingleNode("ds:CanonicalizationMethod", ns) as XmlElement)?.GetAttribute("Algorithm") ?? string.Empty;
            var canonical = XmlCanonicalizer.Canonicalize(signedInfo, c14n);
            var value = Convert.FromBase64String(element.SelectSingleNode("ds:SignatureValue", ns)!.InnerText.Trim());
            using var certificate = X509CertificateLoader.LoadCertificate(signer.GetEncoded());
            if (algorithm.Ecdsa)
            {
                using var ec = certificate.GetECDsaPublicKey();
                return ec is not null && ec.VerifyData(canonical, value, algorithm.Hash);
            }

            using var rsa = certificate.GetRSAPublicKey();
            return rsa is not null && rsa.VerifyData(canonical, value, algorithm.Hash, RSASignaturePadding.Pkcs1);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or XmlException)
        {
            return false;
        }
    }

    private static Dictionary<string, int> IdCounts(XmlDocument document)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (XmlElement element in document.GetElementsByTagName("*"))
        {
            foreach (var name in new[] { "Id", "ID", "id" })
            {
                if (element.GetAttribute(name) is { Length: > 0 } value)
                {
                    counts[value] = counts.GetValueOrDefault(value) + 1;
                }
            }
        }

        return counts;
    }

    private static bool InsideAnyObject(XmlNode node)
    {
        for (var current = node.ParentNode; current is not null; current = current.ParentNode)
        {
            if (current.LocalName == "Object" && current.NamespaceURI == XmlDsigNames.DsNamespace)
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Hash(HashAlgorithmName name, byte[] data) => name.Name switch
    {
        "SHA384" => SHA384.HashData(data),
        "SHA512" => SHA512.HashData(data),
        "SHA1" => SHA1.HashData(data),
        _ => SHA256.HashData(data),
    };

    private static ValidationReport Failed(string message, DateTimeOffset now, ValidationSubIndication sub = ValidationSubIndication.FormatFailure) =>
        SignerValidator.Report(ValidationIndication.Failed, sub, message, now);
}
