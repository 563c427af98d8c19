using Ca.Tests.Support;

namespace Ca.Tests.Mutation;

/// <summary>
/// The anonymous publication routes (CRLs and CA certificates by file name) with damaged names and hostile
/// conditional and negotiation headers, and the admin's CRL publication with hostile CA ids and flags. What a
/// crawler, a cache or a prober sends; none may grow state or fail.
/// </summary>
internal static class PublicationCases
{
    private static readonly string[] Suffixes = [".crl", ".crt", ".der", ".pem", ".CRL", ".crl.crl", "", ".", "-delta.crl", "-delta-delta.crl", ".crl/", ".crl?x=1"];

    private static readonly string[] HeaderNames = ["If-Modified-Since", "If-None-Match", "If-Unmodified-Since", "If-Match", "Range", "If-Range", "Accept", "Accept-Encoding"];

    private static readonly string[] HeaderValues =
    [
        "Mon, 30 Nov 2026 10:00:00 GMT", "Thu, 01 Jan 1970 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "yesterday", "*", "\"\"", "W/\"x\"",
        "\"" + new string('e', 4_000) + "\"", "bytes=0-0", "bytes=-1", "bytes=5-2", "bytes=0-0,1-1,2-2,3-3,4-4,5-5,6-6,7-7,8-8,9-9", "bytes=99999999999999999999-",
        "application/pkix-crl", "application/problem+json", "text/html", "application/json;q=0", "gzip;q=1.0, identity;q=0", "br",
    ];

    public static MutationCase Fetch(SeedCorpus seeds, Mutagen m)
    {
        var file = m.Pick(seeds.ReadableIds["file"]);
        var name = file[..file.IndexOf('.', StringComparison.Ordinal)];
        switch (m.Next(4))
        {
            case 0:
                var value = m.Pick(HostileValues.Strings);
                m.Note($"name: '{(value.Length > 20 ? value[..20] + "…" : value)}'");
                name = HostileValues.ForPath(value);
                break;
            case 1:
                var at = m.Next(name.Length + 1);
                var junk = m.Pick(HostileValues.Strings);
                m.Note($"name: '{(junk.Length > 20 ? junk[..20] + "…" : junk)}' inserted at {at}");
                name = name[..at] + HostileValues.ForPath(junk) + name[at..];
                break;
            case 2:
                m.Note("name: unknown CA");
                name = $"ca-{m.Next(1_000_000)}";
                break;
            default:
                m.Note("name: as published");
                break;
        }

        var suffix = m.OneIn(3) ? m.Pick(Suffixes) : file[file.IndexOf('.', StringComparison.Ordinal)..];
        var prefix = m.OneIn(3) ? "/ca/" : "/crl/";
        var headers = new List<KeyValuePair<string, string>>();
        for (var i = m.Next(3); i > 0; i--)
        {
            var header = new KeyValuePair<string, string>(m.Pick(HeaderNames), m.Pick(HeaderValues));
            m.Note($"{header.Key}: {(header.Value.Length > 40 ? header.Value[..40] + "…" : header.Value)}");
            headers.Add(header);
        }

        return new(m, new FuzzRequest("GET", prefix + name + suffix) { Headers = headers }, Answer.Problem, ReadOnly: true);
    }

    /// <summary>An admin's CRL publication for a hostile CA id or flag: refused with a problem and nothing written, or a CRL published.</summary>
    public static MutationCase Publish(SeedCorpus seeds, Mutagen m)
    {
        var caId = m.OneIn(2) ? HostileValues.ForPath(m.Pick(HostileValues.Strings)) : m.Pick(seeds.ReadableIds["caId"]);
        var delta = m.Pick(["true", "false", "1", "maybe", "", "TRUE", "%00"]);
        m.Note($"CA '{(caId.Length > 20 ? caId[..20] + "…" : caId)}', delta '{delta}'");
        return new(m, new FuzzRequest("POST", $"/api/v1/cas/{caId}/crl?delta={delta}") { ApiKey = PkiApiFactory.AdminKey }, Answer.Problem, ReadOnly: false);
    }
}
