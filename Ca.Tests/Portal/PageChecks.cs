using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Ca.Tests.Portal;

/// <summary>What every page must pass: axe-core (bundled with Deque.AxeCore.Playwright, runs offline) with no serious or critical violation.</summary>
public static class PageChecks
{
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{page.Url}: " + string.Join("\n", serious.Select(v =>
            $"{v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => string.Join(' ', n.Target?.ToString() ?? string.Empty)))}")));
    }

    /// <summary>A full-page screenshot named after the page and the language.</summary>
    public static Task ScreenshotAsync(IPage page, string name, string language) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalServer.ScreenshotDirectory, $"{name}-{language}.png"), FullPage = true });

    /// <summary>
    /// The visible text of the page, by text node, leaving out what is not meant to be translated:
    /// code, machine values, data cells, and anything marked lang="en" or translate="no".
    /// </summary>
    public static async Task<IReadOnlyList<string>> VisibleTextsAsync(IPage page) =>
        await page.EvaluateAsync<string[]>("""
            () => {
              const skip = el => el.closest('code, pre, .mono, td, dd, script, style, [lang="en"], [translate="no"], svg');
              const out = [];
              const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                const text = n.textContent.replace(/\s+/g, ' ').trim();
                const el = n.parentElement;
                if (!text || !el || skip(el)) continue;
                if (!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)) continue;
                out.push(text);
              }
              for (const el of document.querySelectorAll('[aria-label], [placeholder], [title]')) {
                if (skip(el)) continue;
                for (const a of ['aria-label', 'placeholder', 'title']) { const v = el.getAttribute(a); if (v) out.push(v.trim()); }
              }
              out.push(document.title);
              return out;
            }
            """);
}
