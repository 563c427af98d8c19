using System.Text.RegularExpressions;

namespace Ca.Api.Problems;

/// <summary>
/// The parameter a minimal-API binding failure is about, read from the framework's message
/// (<c>Failed to bind parameter "int page" from "abc".</c>, <c>Required parameter "string id" was not
/// provided from query string.</c>), so the problem can name the field. Null when the message has
/// another shape: the problem is then still a 400, only without the field.
/// </summary>
internal static partial class BindingFailure
{
    public static string? ParameterName(BadHttpRequestException exception)
    {
        if (exception.StatusCode != StatusCodes.Status400BadRequest)
        {
            return null;
        }

        var match = Parameter().Match(exception.Message);
        return match.Success ? match.Groups["name"].Value : null;
    }

    [GeneratedRegex("""parameter "[^"]*?(?<name>[A-Za-z_][A-Za-z0-9_]*)"(?: from| was not provided)""", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Parameter();
}
