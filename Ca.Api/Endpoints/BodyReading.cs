using Ca.Core.Common;
using Microsoft.Net.Http.Headers;

namespace Ca.Api.Endpoints;

/// <summary>
/// Media-type checks and binary bodies for the document, TSA and verification endpoints, which take
/// raw or multipart bodies rather than JSON. Wrong media types are 415 problems and documents over the
/// configured limit 413 problems, written through the same problem-details service as everything else.
/// </summary>
internal static class BodyReading
{
    public const string OctetStream = "application/octet-stream";

    public static bool Is(HttpRequest request, params string[] mediaTypes) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed)
        && mediaTypes.Any(m => parsed.MediaType.Equals(m, StringComparison.OrdinalIgnoreCase));

    public static bool IsMultipart(HttpRequest request) => Is(request, "multipart/form-data");

    public static IResult UnsupportedMediaType(params string[] accepted) => Results.Problem(
        statusCode: StatusCodes.Status415UnsupportedMediaType,
        title: "Unsupported media type",
        detail: $"Send the body as {string.Join(" or ", accepted)}.");

    public static IResult TooLarge(long max) => Results.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Request body too large",
        detail: $"Documents may be at most {max} bytes.");

    /// <summary>
    /// Reads a multipart form within the framework's limits (1,024 fields, 16 headers per part, 16 KB per
    /// header line, a boundary of at most 70 characters) and turns what the parser throws on a malformed,
    /// truncated or oversized body into a problem: 413 for a body or a field past its size limit, 400
    /// for anything else. Every endpoint that takes a form reads it here, so none answers such a body with a 500.
    /// </summary>
    public static async Task<IFormCollection> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException e) when (IsSizeLimit(e))
        {
            throw new BadHttpRequestException($"The multipart body is too large: {e.Message}", StatusCodes.Status413PayloadTooLarge, e);
        }
        catch (InvalidDataException e)
        {
            throw CaException.BadRequest("malformed-multipart", $"The multipart body is malformed: {e.Message}", inner: e);
        }
        catch (IOException e) when (e is not BadHttpRequestException && !request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The multipart reader's "Unexpected end of Stream": the body stopped before its closing boundary.
            throw CaException.BadRequest("malformed-multipart", "The multipart body ended before its closing boundary.", inner: e);
        }
    }

    // The form reader reports every limit as InvalidDataException; those on the body or a value's length are sizes (413).
    private static bool IsSizeLimit(InvalidDataException e) =>
        e.Message.Contains("body length limit", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("value length limit", StringComparison.OrdinalIgnoreCase);

    /// <summary>The whole body in memory; for small protocol messages only (the endpoint's size limit bounds it).</summary>
    public static async Task<byte[]> ReadAllAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>
    /// Makes a raw body seekable (spooled to a temporary file past 1 MB) and reads it through, so its
    /// length is known and it can be hashed and signed without holding 25 MB in memory twice.
    /// </summary>
    public static async Task<Stream> BufferAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering(bufferThreshold: 1024 * 1024);
        await request.Body.CopyToAsync(Stream.Null, cancellationToken);
        request.Body.Position = 0;
        return request.Body;
    }
}
