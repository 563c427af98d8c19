using System.Text.Json;
using System.Text.Json.Nodes;
using Ca.Core.Acme;

namespace Ca.Api.Endpoints.Acme;

/// <summary>ACME JSON bodies (RFC 8555 7.1) and problem documents (6.7) with their headers.</summary>
internal static class AcmeResults
{
    public const string JoseJson = "application/jose+json";
    public const string ProblemJson = "application/problem+json";
    public const string PemChain = "application/pem-certificate-chain";

    public static IResult Json(JsonNode body, int status = 200) =>
        Results.Text(body.ToJsonString(), "application/json", System.Text.Encoding.UTF8, status);

    public static JsonObject Account(AcmeAccount account, AcmeUrls urls)
    {
        var body = new JsonObject
        {
            ["status"] = Wire(account.Status),
            ["contact"] = new JsonArray(account.Contact.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()),
            ["orders"] = urls.Orders(account.Id),
            ["createdAt"] = account.CreatedAt.ToString("O"),
        };
        if (account.EabKeyId is not null)
        {
            body["externalAccountBinding"] = new JsonObject { ["kid"] = account.EabKeyId };
        }

        return body;
    }

    public static JsonObject Order(AcmeOrderView view, AcmeUrls urls)
    {
        var order = view.Order;
        var body = new JsonObject
        {
            ["status"] = AcmeOrderService.Wire(view.Status),
            ["expires"] = order.Expires.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["identifiers"] = new JsonArray(order.Identifiers.Select(i => (JsonNode)Identifier(i)).ToArray()),
            ["authorizations"] = new JsonArray(order.AuthorizationIds.Select(a => (JsonNode)JsonValue.Create(urls.Authorization(a))).ToArray()),
            ["finalize"] = urls.Finalize(order.Id),
        };
        if (order.CertificateSerial is not null && view.Status == AcmeOrderStatus.Valid)
        {
            body["certificate"] = urls.Certificate(order.CertificateSerial);
        }

        if (order.Error is not null)
        {
            body["error"] = Error(order.Error);
        }

        if (order.Replaces is not null)
        {
            body["replaces"] = order.Replaces;
        }

        return body;
    }

    public static JsonObject Authorization(AcmeAuthorization authorization, DateTimeOffset now, AcmeUrls urls)
    {
        var body = new JsonObject
        {
            ["identifier"] = Identifier(authorization.Identifier),
            ["status"] = Wire(authorization.StatusAt(now)),
            ["expires"] = authorization.Expires.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["challenges"] = new JsonArray(authorization.Challenges.Select(c => (JsonNode)Challenge(authorization, c, urls)).ToArray()),
        };
        if (authorization.Wildcard)
        {
            body["wildcard"] = true;
        }

        return body;
    }

    public static JsonObject Challenge(AcmeAuthorization authorization, AcmeChallenge challenge, AcmeUrls urls)
    {
        var body = new JsonObject
        {
            ["type"] = challenge.Type,
            ["url"] = urls.Challenge(authorization.Id, challenge.Type),
            ["status"] = Wire(challenge.Status),
            ["token"] = challenge.Token,
        };
        if (challenge.Validated is { } validated)
        {
            body["validated"] = validated.ToString("yyyy-MM-ddTHH:mm:ssZ");
        }

        if (challenge.Error is not null)
        {
            body["error"] = Error(challenge.Error);
        }

        return body;
    }

    public static JsonObject Error(AcmeError error) => new()
    {
        ["type"] = AcmeErrors.Prefix + error.Type,
        ["detail"] = error.Detail,
        ["status"] = error.Status,
    };

    /// <summary>Writes an ACME problem document (application/problem+json) for a refusal.</summary>
    public static async Task WriteProblemAsync(HttpContext http, AcmeException problem)
    {
        var body = new JsonObject
        {
            ["type"] = AcmeErrors.Prefix + problem.Type,
            ["detail"] = problem.Message,
            ["status"] = problem.Status,
        };
        if (problem.Subproblems.Count > 0)
        {
            body["subproblems"] = new JsonArray(problem.Subproblems.Select(s => (JsonNode)new JsonObject
            {
                ["type"] = AcmeErrors.Prefix + s.Type,
                ["detail"] = s.Detail,
                ["identifier"] = Identifier(s.Identifier),
            }).ToArray());
        }

        if (problem.RetryAfterSeconds is { } retry)
        {
            http.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (problem.ConflictingAccountId is { } holder)
        {
            http.Response.Headers.Location = new AcmeUrls(http.Request).Account(holder);
        }

        http.Response.StatusCode = problem.Status;
        http.Response.ContentType = ProblemJson;
        await http.Response.WriteAsync(body.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
    }

    private static JsonObject Identifier(AcmeIdentifier identifier) => new() { ["type"] = identifier.Type, ["value"] = identifier.Value };

    private static string Wire<T>(T status)
        where T : struct, Enum => status.ToString().ToLowerInvariant();
}
