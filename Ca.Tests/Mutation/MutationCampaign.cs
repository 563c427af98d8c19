using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.Tsp;
using Xunit.Abstractions;

namespace Ca.Tests.Mutation;

/// <summary>
/// Runs the cases of one campaign one after another against the running service and judges each: an answer
/// within a generous time (a hang fails, speed is never measured), no 5xx, an error in the endpoint's own
/// format (a problem document; an OCSPResponse or TimeStampResp for the protocols), a report for a verification,
/// and no row written when the request was refused or the endpoint only reads. Failures name the seed and case
/// (replay one with <c>PKI_MUTATION_CASE=seed:case</c>), the steps, the request, and the server's logged error.
/// </summary>
internal sealed class MutationCampaign(MutationTarget target, ITestOutputHelper output)
{
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(60);
    private static readonly int[] OcspClientErrors = [OCSPRespGenerator.Successful, OCSPRespGenerator.MalformedRequest, OCSPRespGenerator.Unauthorized];
    private readonly List<string> failures = [];
    private readonly SortedDictionary<int, int> statuses = [];
    private int cases;

    /// <summary>Cases per campaign are multiplied by PKI_MUTATION_SCALE (default 1) for a longer local run.</summary>
    public static int Scaled(int count) =>
        int.TryParse(Environment.GetEnvironmentVariable("PKI_MUTATION_SCALE"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var scale) && scale > 0 ? count * scale : count;

    /// <summary>Runs <paramref name="count"/> cases made by <paramref name="make"/> from consecutive case numbers of <paramref name="seed"/>.</summary>
    public Task RunAsync(string name, int seed, int count, Func<Mutagen, MutationCase> make) =>
        RunAsync(name, seed, count, m => Task.FromResult(make(m)));

    /// <summary>As above, for cases that need a round trip to be made (a fresh ACME nonce).</summary>
    public async Task RunAsync(string name, int seed, int count, Func<Mutagen, Task<MutationCase>> make)
    {
        var only = Replay();
        var started = DateTime.UtcNow;
        var before = cases;
        for (var i = 0; i < count; i++)
        {
            if (only is { } replay && (replay.Seed != seed || replay.Index != i))
            {
                continue;
            }

            await RunOneAsync(await make(new Mutagen(seed, i)));
        }

        output.WriteLine($"{name}: seed {seed}, {cases - before} cases in {(DateTime.UtcNow - started).TotalSeconds:F1} s");
    }

    /// <summary>Asserts that no case failed; prints the status histogram.</summary>
    public void AssertNoFailures()
    {
        output.WriteLine($"{cases} cases; answers {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}");
        foreach (var failure in failures.Take(20))
        {
            output.WriteLine(failure);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} mutated requests were mishandled; the first:\n{string.Join("\n\n", failures.Take(5))}");
    }

    /// <summary>The number of cases run so far.</summary>
    public int Cases => cases;

    private async Task RunOneAsync(MutationCase @case)
    {
        cases++;
        var before = await target.FingerprintAsync();
        target.Service.Errors.Drain();
        HttpStatusCode status;
        string? mediaType;
        byte[] body;
        using (var timeout = new CancellationTokenSource(AnswerWithin))
        {
            // A pooled keep-alive connection the server has just closed fails the send; the case is sent once more
            // (on a new connection) before a failed connection counts against the service.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    using var response = await target.SendAsync(@case.Request, timeout.Token);
                    status = response.StatusCode;
                    mediaType = response.Content.Headers.ContentType?.MediaType;
                    body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
                    break;
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested)
                {
                    Fail(@case, $"no answer within {AnswerWithin.TotalSeconds} s");
                    return;
                }
                catch (HttpRequestException) when (attempt == 1)
                {
                }
                catch (HttpRequestException e)
                {
                    Fail(@case, $"the connection failed twice: {e.Message}");
                    return;
                }
            }
        }

        var code = (int)status;
        statuses[code] = statuses.GetValueOrDefault(code) + 1;
        var problem = Judge(@case.Answer, code, mediaType, body);
        if (problem is not null)
        {
            Fail(@case, $"{code} {mediaType}: {problem}; body {Preview(body)}");
            return;
        }

        if ((@case.ReadOnly || code >= 400) && await target.FingerprintAsync() is var after && after != before)
        {
            Fail(@case, $"{code}, but the database changed: before [{before}] after [{after}]");
        }
    }

    private static string? Judge(Answer answer, int code, string? mediaType, byte[] body)
    {
        if (code >= 500)
        {
            return "a server error";
        }

        if (code >= 400)
        {
            return answer switch
            {
                Answer.Page => null,
                Answer.Acme => JudgeProblem(code, mediaType, body, "urn:ietf:params:acme:error:", "detail"),
                _ => JudgeProblem(code, mediaType, body, null, "title"),
            };
        }

        return (answer, mediaType) switch
        {
            (Answer.Ocsp, "application/ocsp-response") => JudgeOcsp(body),
            (Answer.Ocsp, _) when code == 200 => $"OCSP answered {mediaType}",
            (Answer.TimeStamp, "application/timestamp-reply") => JudgeTimeStamp(body),
            (Answer.TimeStamp, _) => $"the TSA answered {mediaType}",
            (Answer.Report, _) => JudgeReport(body),
            _ => null,
        };
    }

    /// <summary>A problem document with the response's status, a <paramref name="text"/> member, and a type under <paramref name="typePrefix"/> when one is given.</summary>
    private static string? JudgeProblem(int code, string? mediaType, byte[] body, string? typePrefix, string text)
    {
        if (mediaType != "application/problem+json")
        {
            return "an error that is not a problem document";
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (!root.TryGetProperty("status", out var status) || status.GetInt32() != code)
            {
                return "a problem whose status differs from the response's";
            }

            if (typePrefix is not null && !(root.TryGetProperty("type", out var type) && type.GetString() is { } uri && uri.StartsWith(typePrefix, StringComparison.Ordinal)))
            {
                return $"a problem whose type is not {typePrefix}*";
            }

            return root.TryGetProperty(text, out var title) && title.GetString() is { Length: > 0 } ? null : $"a problem without a {text}";
        }
        catch (JsonException e)
        {
            return $"a problem that is not JSON ({e.Message})";
        }
    }

    private static string? JudgeOcsp(byte[] body)
    {
        try
        {
            var status = new OcspResp(body).Status;
            return OcspClientErrors.Contains(status) ? null : $"OCSP status {status} (internalError or tryLater blames the responder)";
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidCastException)
        {
            return $"not an OCSPResponse ({e.Message})";
        }
    }

    private static string? JudgeTimeStamp(byte[] body)
    {
        try
        {
            var response = new TimeStampResponse(body);
            if (response.Status is not (0 or 1 or 2))
            {
                return $"TimeStampResp status {response.Status} (only granted or rejection fit a client's query)";
            }

            return response.GetFailInfo() is { } failure && (failure.IntValue & Org.BouncyCastle.Asn1.Cmp.PkiFailureInfo.SystemFailure) != 0
                ? $"a systemFailure rejection ({response.GetStatusString()}), which blames the TSA for the client's bytes"
                : null;
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidCastException or TspException)
        {
            return $"not a TimeStampResp ({e.Message})";
        }
    }

    private static string? JudgeReport(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("indication", out var indication) && indication.GetString() is "PASSED" or "FAILED" or "INDETERMINATE"
                ? null
                : "a 2xx that is not a validation report";
        }
        catch (JsonException e)
        {
            return $"a report that is not JSON ({e.Message})";
        }
    }

    private void Fail(MutationCase @case, string what)
    {
        var text = new StringBuilder().Append(what).Append("\n  case: ").Append(@case);
        if (@case.Request.Body is { Length: > 4096 } body)
        {
            var file = Path.Combine(Path.GetTempPath(), "pki-mutation-failures", $"{@case.Mutagen.Seed}-{@case.Mutagen.Index}.body");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, body);
            text.Append("\n  body written to ").Append(file);
        }

        foreach (var error in target.Service.Errors.Drain().Take(2))
        {
            text.Append("\n  server: ").Append(error.Length > 3_000 ? error[..3_000] : error);
        }

        failures.Add(text.ToString());
    }

    private static (int Seed, int Index)? Replay()
    {
        var value = Environment.GetEnvironmentVariable("PKI_MUTATION_CASE");
        var parts = value?.Split(':');
        return parts is [var seed, var index] && int.TryParse(seed, CultureInfo.InvariantCulture, out var s) && int.TryParse(index, CultureInfo.InvariantCulture, out var i) ? (s, i) : null;
    }

    private static string Preview(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)));
        return body.Length == 0 ? "<empty>" : text;
    }
}
