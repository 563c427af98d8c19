using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Ca.Core.Acme.Jws;

/// <summary>
/// A flattened JWS (RFC 7515 7.2.2) as ACME sends it: one signature, a protected header, no
/// unprotected header and no unencoded payload (RFC 8555 6.2). Parsing checks the shape only;
/// <see cref="AcmeRequestVerifier"/> checks what the header says.
/// </summary>
public sealed class JwsMessage
{
    private JwsMessage(string protectedEncoded, string payloadEncoded, byte[] signature, JsonElement header, byte[] payload)
    {
        ProtectedEncoded = protectedEncoded;
        PayloadEncoded = payloadEncoded;
        Signature = signature;
        Header = header;
        Payload = payload;
    }

    /// <summary>The protected header as sent (base64url).</summary>
    public string ProtectedEncoded { get; }

    /// <summary>The payload as sent (base64url); empty for POST-as-GET.</summary>
    public string PayloadEncoded { get; }

    /// <summary>The signature.</summary>
    public byte[] Signature { get; }

    /// <summary>The decoded protected header.</summary>
    public JsonElement Header { get; }

    /// <summary>The decoded payload bytes.</summary>
    public byte[] Payload { get; }

    /// <summary>True for POST-as-GET (RFC 8555 6.3): an empty payload.</summary>
    public bool IsPostAsGet => PayloadEncoded.Length == 0;

    /// <summary>The header's alg.</summary>
    public string? Algorithm => HeaderString("alg");

    /// <summary>The header's kid (an account URL, or an EAB key id).</summary>
    public string? KeyId => HeaderString("kid");

    /// <summary>The header's nonce.</summary>
    public string? Nonce => HeaderString("nonce");

    /// <summary>The header's url.</summary>
    public string? Url => HeaderString("url");

    /// <summary>The header's jwk, when present.</summary>
    public JsonElement? Jwk => Header.TryGetProperty("jwk", out var jwk) ? jwk : null;

    /// <summary>What was signed: ASCII(protected '.' payload).</summary>
    public byte[] SigningInput => Encoding.ASCII.GetBytes(ProtectedEncoded + "." + PayloadEncoded);

    /// <summary>Parses a flattened JWS; any other shape is malformed.</summary>
    public static JwsMessage Parse(ReadOnlySpan<byte> body)
    {
        JsonElement root;
        try
        {
            using var document = Json(body.ToArray());
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw AcmeException.Malformed("The body is not JSON; ACME requests are flattened JWS objects.");
        }

        return Parse(root);
    }

    /// <summary>Parses a flattened JWS held inside another message (EAB, key change).</summary>
    public static JwsMessage Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw AcmeException.Malformed("A JWS must be a JSON object in flattened serialization.");
        }

        if (root.TryGetProperty("signatures", out _))
        {
            throw AcmeException.Malformed("Only the flattened JWS serialization with one signature is accepted.");
        }

        if (root.TryGetProperty("header", out _))
        {
            throw AcmeException.Malformed("The JWS unprotected header is not allowed (RFC 8555 6.2).");
        }

        var protectedEncoded = Text(root, "protected");
        var payloadEncoded = Text(root, "payload");
        var signatureEncoded = Text(root, "signature");
        var headerBytes = Base64Url.TryDecode(protectedEncoded) ?? throw AcmeException.Malformed("The protected header is not base64url.");
        var payload = Base64Url.TryDecode(payloadEncoded) ?? throw AcmeException.Malformed("The payload is not base64url.");
        var signature = Base64Url.TryDecode(signatureEncoded) ?? throw AcmeException.Malformed("The signature is not base64url.");
        JsonElement header;
        try
        {
            using var document = Json(headerBytes);
            header = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw AcmeException.Malformed("The protected header is not JSON.");
        }

        if (header.ValueKind != JsonValueKind.Object)
        {
            throw AcmeException.Malformed("The protected header must be a JSON object.");
        }

        if (header.TryGetProperty("b64", out var b64) && b64.ValueKind == JsonValueKind.False)
        {
            throw AcmeException.Malformed("The unencoded payload option (b64: false) is not allowed.");
        }

        return new JwsMessage(protectedEncoded, payloadEncoded, signature, header, payload);
    }

    /// <summary>The payload as a JSON object; an empty or non-object payload is malformed.</summary>
    public JsonElement PayloadObject()
    {
        if (Payload.Length == 0)
        {
            throw AcmeException.Malformed("This request needs a JSON object payload, not POST-as-GET.");
        }

        try
        {
            using var document = Json(Payload);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw AcmeException.Malformed("The payload must be a JSON object.");
        }
        catch (JsonException)
        {
            throw AcmeException.Malformed("The payload is not JSON.");
        }
    }

    /// <summary>
    /// Parses JSON whose every string can be read: JsonDocument checks a string only when it is read, and reading
    /// one that is not UTF-8 or escapes a lone surrogate ("\uD800") throws InvalidOperationException, which would
    /// be a 500 for the client's bytes wherever the string is read later. Such JSON is a JsonException here.
    /// </summary>
    internal static JsonDocument Json(byte[] utf8)
    {
        if (!Utf8.IsValid(utf8))
        {
            throw new JsonException("The JSON text is not UTF-8.");
        }

        var document = JsonDocument.Parse(utf8);
        try
        {
            EnsureReadable(document.RootElement);
            return document;
        }
        catch (InvalidOperationException e)
        {
            document.Dispose();
            throw new JsonException("The JSON text holds a string that is not valid Unicode.", e);
        }
    }

    private static void EnsureReadable(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                _ = element.GetString();
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    EnsureReadable(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    EnsureReadable(item);
                }

                break;
        }
    }

    private string? HeaderString(string name) =>
        Header.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw AcmeException.Malformed($"The JWS has no '{name}' string.");
}
