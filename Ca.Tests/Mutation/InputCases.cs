using System.Text;
using System.Text.Json.Nodes;
using Ca.Core.Common;
using Ca.Tests.Support;

namespace Ca.Tests.Mutation;

/// <summary>
/// Builds one mutated request per input kind from the seed corpus: the damage (bytes, DER structure, re-signed
/// content, PEM armour, JSON, multipart) and the HTTP around it (endpoint, media type, credentials) as a client
/// would send it. Mostly the right media type and credentials, so the damage reaches the parser; sometimes not.
/// </summary>
internal static class InputCases
{
    /// <summary>Bodies stay below the API's 1 MB limit, so the damage is parsed, not refused for size.</summary>
    private const int MaxJsonBytes = 600_000;

    public static MutationCase Csr(SeedCorpus seeds, Mutagen m)
    {
        var seed = m.Pick(seeds.Csrs);
        m.Note(seed.Name);
        string pem;
        if (m.OneIn(6))
        {
            pem = PemMutations.Mutate("CERTIFICATE REQUEST", seed.Der, m, MaxJsonBytes);
        }
        else
        {
            var der = SignedMutations.MutateEnvelope(seed.Der, seed.Signer, m, MaxJsonBytes / 2);
            var bare = m.OneIn(4);
            m.Note(bare ? "as bare base64 DER" : "as PEM");
            pem = bare ? Convert.ToBase64String(der) : Pem.Encode("CERTIFICATE REQUEST", der);
        }

        var body = new JsonObject { ["profile"] = seed.Profile, ["csr"] = pem };
        return new(m, Json("POST", "/api/v1/certificate-requests", seeds.RequesterKey, body), Answer.Problem, ReadOnly: false);
    }

    public static MutationCase OcspPost(SeedCorpus seeds, Mutagen m)
    {
        var der = MutateDer(m.Pick(seeds.OcspRequests), m, 15_000);
        var type = m.OneIn(12) ? m.Pick(HostileValues.MediaTypes) : "application/ocsp-request";
        return new(m, new FuzzRequest("POST", "/ocsp") { Body = der, ContentType = type, Chunked = m.OneIn(10) }, Answer.Ocsp, ReadOnly: true);
    }

    public static MutationCase OcspGet(SeedCorpus seeds, Mutagen m)
    {
        var der = MutateDer(m.Pick(seeds.OcspRequests), m, 4_000);
        var base64 = Convert.ToBase64String(der);
        string path;
        switch (m.Next(6))
        {
            case 0:
                m.Note("path: base64 unescaped");
                path = base64;
                break;
            case 1:
                m.Note("path: base64url");
                path = base64.Replace('+', '-').Replace('/', '_').TrimEnd('=');
                break;
            case 2:
                var at = m.Next(base64.Length + 1);
                var junk = m.Pick(HostileValues.Strings);
                m.Note($"path: '{(junk.Length > 20 ? junk[..20] + "…" : junk)}' inserted at {at}");
                path = Uri.EscapeDataString(base64[..at]) + HostileValues.ForPath(junk) + Uri.EscapeDataString(base64[at..]);
                break;
            case 3:
                m.Note("path: percent-encoding broken");
                path = Uri.EscapeDataString(base64).Replace("%2F", "%2", StringComparison.Ordinal).Replace("%2B", "%G0", StringComparison.Ordinal);
                break;
            default:
                path = Uri.EscapeDataString(base64);
                break;
        }

        return new(m, new FuzzRequest("GET", "/ocsp/" + (path.Length > 6_000 ? path[..6_000] : path)), Answer.Ocsp, ReadOnly: true);
    }

    public static MutationCase TimeStamp(SeedCorpus seeds, Mutagen m)
    {
        var der = MutateDer(m.Pick(seeds.TimeStampQueries), m, 60_000);
        var type = m.OneIn(12) ? m.Pick(HostileValues.MediaTypes) : "application/timestamp-query";
        return new(m, new FuzzRequest("POST", "/tsa") { Body = der, ContentType = type, Chunked = m.OneIn(10) }, Answer.TimeStamp, ReadOnly: true);
    }

    public static MutationCase CmsSignature(SeedCorpus seeds, Mutagen m)
    {
        var seed = m.Pick(seeds.Signatures);
        m.Note(seed.Name);
        var signature = SignedMutations.MutateSignedData(seed.Der, seed.Signer, m, 400_000);
        var parts = new List<MultipartPart>();
        if (m.OneIn(6))
        {
            m.Note("signature as a PEM text field");
            parts.Add(MultipartPart.Field("signature", Pem.Encode(m.Pick(["CMS", "PKCS7", "SIGNED DATA"]), signature)));
        }
        else
        {
            parts.Add(MultipartPart.File("signature", "signature.p7s", signature, "application/pkcs7-signature"));
        }

        if (seed.Document is { } document && !m.OneIn(10))
        {
            var content = m.OneIn(10) ? m.Damage(document) : document;
            parts.Add(MultipartPart.File("document", "สัญญา.txt", content, "text/plain; charset=utf-8"));
        }

        var (body, type) = MultipartBody.Write(parts);
        return new(m, new FuzzRequest("POST", "/api/v1/documents/verify") { Body = body, ContentType = type }, Answer.Report, ReadOnly: true);
    }

    public static MutationCase MultipartVerify(SeedCorpus seeds, Mutagen m)
    {
        var seed = seeds.Signatures[0];
        var parts = new List<MultipartPart>
        {
            MultipartPart.File("signature", "signature.p7s", seed.Der, "application/pkcs7-signature"),
            MultipartPart.File("document", "document.txt", seed.Document!),
        };
        var (body, type) = MultipartBody.Mutate(parts, m, 900_000);
        return new(m, new FuzzRequest("POST", "/api/v1/documents/verify") { Body = body, ContentType = type, Chunked = m.OneIn(8) }, Answer.Report, ReadOnly: true);
    }

    public static MutationCase MultipartSign(SeedCorpus seeds, Mutagen m)
    {
        var parts = new List<MultipartPart> { MultipartPart.File("document", "เอกสาร.txt", seeds.Document, "text/plain") };
        var (body, type) = MultipartBody.Mutate(parts, m, 900_000);
        var query = m.OneIn(5) ? $"signerId={HostileValues.ForQuery(m.Pick(HostileValues.Strings))}&detached={m.Pick(["true", "false", "maybe", ""])}" : $"signerId={seeds.SignerId}&timestamp=false";
        return new(m, new FuzzRequest("POST", "/api/v1/documents/sign?" + query) { Body = body, ContentType = type, ApiKey = PkiApiFactory.AdminKey, Chunked = m.OneIn(8) }, Answer.Problem, ReadOnly: false);
    }

    public static MutationCase Chain(SeedCorpus seeds, Mutagen m)
    {
        var seed = m.Pick(seeds.Chains);
        m.Note(seed.Name);
        var certificates = seed.Certificates.ToList();
        switch (m.Next(8))
        {
            case 0:
                var copies = m.Pick([2, 20, 150]);
                var which = m.Next(certificates.Count);
                certificates.InsertRange(which, Enumerable.Repeat(certificates[which], copies));
                m.Note($"chain: certificate {which} {copies} more times");
                break;
            case 1:
                certificates.Reverse();
                m.Note("chain: reversed");
                break;
            case 2:
                certificates.Add(m.Pick(seeds.Chains).Certificates[^1]);
                m.Note("chain: another chain's top added");
                break;
            default:
                var index = m.Next(certificates.Count);
                m.Note($"certificate {index}");
                certificates[index] = SignedMutations.MutateEnvelope(certificates[index], seed.IssuerKeys[index], m, 150_000);
                break;
        }

        var pems = certificates.Select((der, i) => i == 0 && m.OneIn(8) ? PemMutations.Mutate("CERTIFICATE", der, m, 300_000) : Pem.Encode("CERTIFICATE", der)).ToList();
        var at = m.OneIn(6) ? m.Pick(HostileValues.Strings) : null;
        if (m.OneIn(3))
        {
            var query = at is null ? string.Empty : "?at=" + HostileValues.ForQuery(at);
            var type = m.Pick(["application/x-pem-file", "application/pem-certificate-chain", "text/plain", "text/plain; charset=utf-8"]);
            return new(m, new FuzzRequest("POST", "/api/v1/certificates/verify" + query) { Body = Encoding.UTF8.GetBytes(string.Concat(pems)), ContentType = type }, Answer.Report, ReadOnly: true);
        }

        var body = new JsonObject { ["certificate"] = pems[0], ["chain"] = new JsonArray(pems.Skip(1).Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()) };
        if (at is not null)
        {
            body["at"] = at;
        }

        return new(m, Json("POST", "/api/v1/certificates/verify", null, body), Answer.Report, ReadOnly: true);
    }

    public static MutationCase JsonBody(JsonSeed seed, Mutagen m)
    {
        m.Note(seed.Name);
        var verification = seed.Path.EndsWith("/verify", StringComparison.Ordinal);
        var request = new FuzzRequest(seed.Method, seed.Path)
        {
            Body = JsonMutator.Mutate(seed.Body, m, MaxJsonBytes),
            ContentType = m.OneIn(15) ? m.Pick(HostileValues.MediaTypes) : "application/json",
            ApiKey = seed.ApiKey,
        };
        return new(m, request, verification ? Answer.Report : Answer.Problem, ReadOnly: verification);
    }

    /// <summary>A DER protocol message damaged blindly (a third) or structurally (the rest).</summary>
    private static byte[] MutateDer(byte[] der, Mutagen m, int maxBytes)
    {
        if (m.OneIn(3))
        {
            m.Note("bytes");
            return m.Damage(der);
        }

        m.Note("tree");
        return DerMutator.Mutate(DerNode.TryParse(der)!, m, maxBytes);
    }

    private static FuzzRequest Json(string method, string path, string? apiKey, JsonObject body) =>
        new(method, path) { Body = Encoding.UTF8.GetBytes(body.ToJsonString()), ContentType = "application/json", ApiKey = apiKey };
}
