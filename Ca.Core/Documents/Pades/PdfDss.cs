namespace Ca.Core.Documents.Pades;

/// <summary>
/// The Document Security Store (ETSI EN 319 142-1 5.4.2, ISO 32000-2 12.8.4.3): certificates, OCSP
/// responses and CRLs embedded so the signatures validate later without reaching the CA. New material
/// is merged with what is already there, each item once.
/// </summary>
internal static class PdfDss
{
    public static void Merge(PdfFile file, PdfIncrementalUpdate update, ValidationData material)
    {
        var catalogReference = file.Trailer["Root"] as PdfReference ?? throw new PdfFormatException("The trailer's /Root is not a reference.");
        var catalog = update.Current(catalogReference) as PdfDictionary ?? throw new PdfFormatException("The catalog is not a dictionary.");
        var existing = file.Resolve(catalog["DSS"]) as PdfDictionary ?? new PdfDictionary([new("Type", new PdfName("DSS"))]);
        var dss = existing;
        dss = Append(file, update, dss, "Certs", material.Certificates);
        dss = Append(file, update, dss, "OCSPs", material.OcspResponses);
        dss = Append(file, update, dss, "CRLs", material.Crls);
        if (catalog["DSS"] is PdfReference dssReference)
        {
            update.Set(dssReference, dss);
        }
        else
        {
            update.Set(catalogReference, catalog.With("DSS", update.Add(dss)));
        }
    }

    /// <summary>The DER items under one DSS key (/Certs, /OCSPs, /CRLs), decoded from their streams.</summary>
    public static IReadOnlyList<byte[]> Items(PdfFile file, string key)
    {
        if (file.Resolve(file.Catalog["DSS"]) is not PdfDictionary dss || file.Resolve(dss[key]) is not PdfArray array)
        {
            return [];
        }

        var items = new List<byte[]>();
        foreach (var item in array.Items.Take(10_000))
        {
            if (file.Resolve(item) is PdfStream stream)
            {
                try
                {
                    items.Add(file.Decode(stream));
                }
                catch (PdfFormatException)
                {
                    // An undecodable item is no evidence; the rest still counts.
                }
            }
        }

        return items;
    }

    private static PdfDictionary Append(PdfFile file, PdfIncrementalUpdate update, PdfDictionary dss, string key, IReadOnlyList<byte[]> items)
    {
        if (items.Count == 0)
        {
            return dss;
        }

        var present = Items(file, key).Select(Convert.ToHexString).ToHashSet();
        var array = (file.Resolve(dss[key]) as PdfArray)?.Items.ToList() ?? [];
        foreach (var item in items)
        {
            if (present.Add(Convert.ToHexString(item)))
            {
                array.Add(update.Add(new PdfStream(PdfDictionary.Empty, item)));
            }
        }

        return dss.With(key, new PdfArray(array));
    }
}
