using System.Globalization;
using System.Security.Cryptography;
using Ca.Core.Common;

namespace Ca.Core.Documents.Pades;

/// <summary>
/// Signs PDFs as PAdES baseline signatures (ETSI EN 319 142-1): a signature field and dictionary with
/// /SubFilter /ETSI.CAdES.detached, a byte range over the whole file but the /Contents, and a CAdES
/// signature made by <see cref="CadesSigner"/> (signing-certificate-v2, signature time-stamp from our TSA
/// for B-T). Everything is appended as an incremental update, so signatures already in the file stay
/// valid and two officers can sign one after the other. B-LT then appends a DSS with the validation
/// material, and B-LTA a document time-stamp over all of it, each as one more revision.
/// </summary>
/// <remarks>
/// PDFsharp 6.2 can sign, but only by rewriting the whole file (which breaks earlier signatures) and only
/// as adbe.pkcs7.detached, so the file structure and the visible appearance are written here.
/// </remarks>
public sealed class PadesSigner
{
    private readonly CadesSigner cades;
    private readonly TimeProvider clock;
    private readonly ITimeStampClient? timeStamps;
    private readonly IValidationDataSource? validationData;
    private readonly TrueTypeFont? appearanceFont;
    private readonly PdfLimits limits = PdfLimits.Default;

    /// <summary>Creates the signer; B-LT needs <paramref name="validationData"/>, B-T and above <paramref name="timeStamps"/>.</summary>
    /// <param name="cades">Makes the CMS signature over the byte range.</param>
    /// <param name="clock">The signing time.</param>
    /// <param name="timeStamps">Signature and document time-stamps.</param>
    /// <param name="validationData">Chain, OCSP responses and CRLs for the DSS.</param>
    /// <param name="appearanceFont">The font of visible signatures; Helvetica (no Thai) when null.</param>
    public PadesSigner(CadesSigner cades, TimeProvider clock, ITimeStampClient? timeStamps = null, IValidationDataSource? validationData = null, SignatureAppearanceFont? appearanceFont = null)
    {
        this.cades = cades;
        this.clock = clock;
        this.timeStamps = timeStamps;
        this.validationData = validationData;
        this.appearanceFont = appearanceFont?.Font;
    }

    /// <summary>Signs the PDF and returns the signed file (the input followed by the new revisions).</summary>
    /// <exception cref="CaException">422 when the bytes are not a PDF we can sign (broken, encrypted, beyond limits) or the page does not exist.</exception>
    public async Task<byte[]> SignAsync(ReadOnlyMemory<byte> pdf, DocumentSigningMaterial signer, PadesOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var signed = await AddSignatureAsync(pdf, signer, options, cancellationToken).ConfigureAwait(false);
            if (options.Level >= SignatureLevel.BLT)
            {
                signed = await AddValidationDataAsync(signed, signer, cancellationToken).ConfigureAwait(false);
            }

            if (options.Level == SignatureLevel.BLTA)
            {
                signed = await AddDocumentTimeStampAsync(signed, cancellationToken).ConfigureAwait(false);
            }

            return signed;
        }
        catch (PdfFormatException e)
        {
            throw CaException.Unprocessable("invalid-pdf", $"The PDF cannot be signed: {e.Message}", "document");
        }
    }

    private async Task<byte[]> AddSignatureAsync(ReadOnlyMemory<byte> pdf, DocumentSigningMaterial signer, PadesOptions options, CancellationToken cancellationToken)
    {
        var file = Open(pdf);
        var update = new PdfIncrementalUpdate(file);
        var pages = PdfDocumentView.Pages(file);
        var pageIndex = (options.Visible?.Page ?? 1) - 1;
        if (pageIndex < 0 || pageIndex >= pages.Count)
        {
            throw CaException.Unprocessable("page-out-of-range", $"The PDF has {pages.Count} pages; page {pageIndex + 1} does not exist.", "page");
        }

        var now = clock.GetUtcNow();
        var signature = update.Reserve();
        var capacity = SignatureCapacity(signer);
        var dictionary = new PdfDictionary(
        [
            new("Type", new PdfName("Sig")),
            new("Filter", new PdfName("Adobe.PPKLite")),
            new("SubFilter", new PdfName("ETSI.CAdES.detached")),
            new("ByteRange", PdfSignaturePlaceholder.ByteRange),
            new("Contents", PdfSignaturePlaceholder.Contents(capacity)),
            new("M", PdfString.Text(PdfDate(now))),
            new("Name", PdfString.Text(CommonName(signer))),
        ]);
        if (options.Reason is { Length: > 0 } reason)
        {
            dictionary = dictionary.With("Reason", PdfString.Text(reason));
        }

        if (options.Location is { Length: > 0 } location)
        {
            dictionary = dictionary.With("Location", PdfString.Text(location));
        }

        update.Set(signature, dictionary);
        var fieldName = UniqueFieldName(file);
        var widget = AddField(file, update, pages[pageIndex], signature, fieldName, options.Visible is null ? null : new PdfAppearanceRequest(options.Visible, CommonName(signer), now));
        _ = widget;

        var (bytes, offsets) = update.Write();
        var (start, end) = PdfSignaturePlaceholder.FillByteRange(bytes, offsets[signature.Number]);
        var digest = Digest(bytes, start, end, CadesSigner.DigestFor(signer));
        var cms = await cades.SignDigestAsync(digest, signer, timestamp: options.Level >= SignatureLevel.BT, signingTimeAttribute: false, cancellationToken).ConfigureAwait(false);
        PdfSignaturePlaceholder.FillContents(bytes, start, end, cms);
        return bytes;
    }

    /// <summary>
    /// Adds the signature field as a widget annotation on the page and in the AcroForm (/SigFlags 3:
    /// signatures exist, append only), rewriting only the objects that must change.
    /// </summary>
    private PdfReference AddField(PdfFile file, PdfIncrementalUpdate update, PdfReference page, PdfReference signature, string name, PdfAppearanceRequest? appearance)
    {
        var widget = update.Reserve();
        var field = new PdfDictionary(
        [
            new("Type", new PdfName("Annot")),
            new("Subtype", new PdfName("Widget")),
            new("FT", new PdfName("Sig")),
            new("T", PdfString.Text(name)),
            new("V", signature),
            new("F", new PdfNumber(132)),
            new("P", page),
            new("Rect", new PdfArray([new PdfNumber(0), new PdfNumber(0), new PdfNumber(0), new PdfNumber(0)])),
        ]);
        if (appearance is not null)
        {
            var (rect, stream) = PdfAppearance.Build(update, appearance, appearanceFont);
            field = field.With("Rect", rect).With("AP", new PdfDictionary([new("N", stream)]));
        }

        update.Set(widget, field);

        var pageDictionary = update.Current(page) as PdfDictionary ?? throw new PdfFormatException("The page is not a dictionary.");
        switch (pageDictionary["Annots"])
        {
            case PdfReference annotsReference when update.Current(annotsReference) is PdfArray annots:
                update.Set(annotsReference, new PdfArray([.. annots.Items, widget]));
                break;
            case PdfArray inline:
                update.Set(page, pageDictionary.With("Annots", new PdfArray([.. inline.Items, widget])));
                break;
            default:
                update.Set(page, pageDictionary.With("Annots", new PdfArray([widget])));
                break;
        }

        var catalogReference = file.Trailer["Root"] as PdfReference ?? throw new PdfFormatException("The trailer's /Root is not a reference.");
        var catalog = file.Catalog;
        var sigFlags = new PdfNumber(3);
        switch (catalog["AcroForm"])
        {
            case PdfReference formReference when update.Current(formReference) is PdfDictionary form:
                update.Set(formReference, AppendField(update, form, widget).With("SigFlags", sigFlags));
                break;
            case PdfDictionary inlineForm:
                update.Set(catalogReference, catalog.With("AcroForm", AppendField(update, inlineForm, widget).With("SigFlags", sigFlags)));
                break;
            default:
                var created = update.Add(new PdfDictionary([new("Fields", new PdfArray([widget])), new("SigFlags", sigFlags)]));
                update.Set(catalogReference, catalog.With("AcroForm", created));
                break;
        }

        return widget;
    }

    private static PdfDictionary AppendField(PdfIncrementalUpdate update, PdfDictionary form, PdfReference widget)
    {
        switch (form["Fields"])
        {
            case PdfReference fieldsReference when update.Current(fieldsReference) is PdfArray fields:
                update.Set(fieldsReference, new PdfArray([.. fields.Items, widget]));
                return form;
            case PdfArray inline:
                return form.With("Fields", new PdfArray([.. inline.Items, widget]));
            default:
                return form.With("Fields", new PdfArray([widget]));
        }
    }

    private async Task<byte[]> AddValidationDataAsync(byte[] pdf, DocumentSigningMaterial signer, CancellationToken cancellationToken)
    {
        if (validationData is null)
        {
            throw CaException.Unprocessable("level-unavailable", "B-LT and B-LTA need a validation data source, which this service has not configured.", "level");
        }

        var file = Open(pdf);
        var certificates = new List<Org.BouncyCastle.X509.X509Certificate> { signer.Certificate };
        certificates.AddRange(signer.Chain);
        certificates.AddRange(PdfSignatureReader.TimeStampCertificates(file));
        var material = await validationData.CollectAsync(certificates.DistinctBy(c => Convert.ToHexString(c.GetSignature())).ToList(), cancellationToken).ConfigureAwait(false);
        var update = new PdfIncrementalUpdate(file);
        PdfDss.Merge(file, update, material);
        return update.Write().Bytes;
    }

    private async Task<byte[]> AddDocumentTimeStampAsync(byte[] pdf, CancellationToken cancellationToken)
    {
        if (timeStamps is null)
        {
            throw new InvalidOperationException("B-LTA was requested but no time-stamp client is configured.");
        }

        var file = Open(pdf);
        var update = new PdfIncrementalUpdate(file);
        var pages = PdfDocumentView.Pages(file);
        var timeStamp = update.Reserve();
        update.Set(timeStamp, new PdfDictionary(
        [
            new("Type", new PdfName("DocTimeStamp")),
            new("Filter", new PdfName("Adobe.PPKLite")),
            new("SubFilter", new PdfName("ETSI.RFC3161")),
            new("ByteRange", PdfSignaturePlaceholder.ByteRange),
            new("Contents", PdfSignaturePlaceholder.Contents(12 * 1024)),
        ]));
        AddField(file, update, pages[0], timeStamp, UniqueFieldName(file, "DocumentTimeStamp"), null);
        var (bytes, offsets) = update.Write();
        var (start, end) = PdfSignaturePlaceholder.FillByteRange(bytes, offsets[timeStamp.Number]);
        var token = await timeStamps.GetTimeStampTokenAsync(Digest(bytes, start, end, HashAlgorithmName.SHA256), cancellationToken).ConfigureAwait(false);
        PdfSignaturePlaceholder.FillContents(bytes, start, end, token);
        return bytes;
    }

    private PdfFile Open(ReadOnlyMemory<byte> pdf)
    {
        var file = PdfFile.Open(pdf, limits);
        if (file.IsEncrypted)
        {
            throw new PdfFormatException("The PDF is encrypted.");
        }

        return file;
    }

    private static byte[] Digest(byte[] pdf, int start, int end, HashAlgorithmName hash)
    {
        using var incremental = IncrementalHash.CreateHash(hash);
        incremental.AppendData(pdf, 0, start);
        incremental.AppendData(pdf, end, pdf.Length - end);
        return incremental.GetHashAndReset();
    }

    /// <summary>Room for the CMS: the certificates it embeds, the signature and attributes, and a time-stamp token with its TSA chain.</summary>
    private static int SignatureCapacity(DocumentSigningMaterial signer) =>
        signer.Certificate.GetEncoded().Length + signer.Chain.Sum(c => c.GetEncoded().Length) + 16 * 1024;

    private static string UniqueFieldName(PdfFile file, string stem = "Signature")
    {
        var taken = PdfDocumentView.Fields(file).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        for (var i = 1; ; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{stem}{i}");
            if (!taken.Contains(name))
            {
                return name;
            }
        }
    }

    private static string CommonName(DocumentSigningMaterial signer) =>
        signer.Certificate.SubjectDN.GetValueList(Org.BouncyCastle.Asn1.X509.X509Name.CN).FirstOrDefault() ?? signer.Certificate.SubjectDN.ToString();

    /// <summary>A PDF date (ISO 32000-1 7.9.4) in UTC.</summary>
    internal static string PdfDate(DateTimeOffset time) => "D:" + time.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "Z";
}
