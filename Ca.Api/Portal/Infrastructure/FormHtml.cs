using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Ca.Api.Portal.Infrastructure;

/// <summary>
/// Form plumbing for accessible errors: the message sits next to its field with an id the input
/// points to (<c>aria-describedby</c>), and the input says it is invalid (<c>aria-invalid</c>).
/// </summary>
public static class FormHtml
{
    /// <summary>The id of a field's error message.</summary>
    public static string ErrorId(string field) => field + "-error";

    /// <summary>True when the field has an error.</summary>
    public static bool HasError(this IHtmlHelper html, string field) =>
        html.ViewData.ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0;

    /// <summary>The error paragraph for a field, or nothing.</summary>
    public static IHtmlContent ErrorFor(this IHtmlHelper html, string field)
    {
        if (!html.ViewData.ModelState.TryGetValue(field, out var entry) || entry.Errors.Count == 0)
        {
            return HtmlString.Empty;
        }

        var builder = new HtmlContentBuilder();
        builder.AppendHtml($"<p class=\"field-error\" id=\"{HtmlEncoder.Default.Encode(ErrorId(field))}\">");
        builder.Append(string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)));
        builder.AppendHtml("</p>");
        return builder;
    }

    /// <summary>The attributes an input needs: aria-invalid and aria-describedby (hint and error).</summary>
    public static IHtmlContent Describe(this IHtmlHelper html, string field, string? hintId = null)
    {
        var ids = new List<string>();
        if (hintId is not null)
        {
            ids.Add(hintId);
        }

        var invalid = html.HasError(field);
        if (invalid)
        {
            ids.Add(ErrorId(field));
        }

        var attributes = ids.Count > 0 ? $"aria-describedby=\"{HtmlEncoder.Default.Encode(string.Join(' ', ids))}\"" : string.Empty;
        return new HtmlString(invalid ? attributes + " aria-invalid=\"true\"" : attributes);
    }
}
