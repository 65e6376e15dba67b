using System.Net;
using System.Text.RegularExpressions;

namespace Campaign.Tests.Console;

/// <summary>Reading a form page as a test: an element's opening tag by id, the error shown beside a field.</summary>
public static class FormPage
{
    /// <summary>The opening tag of the element with that id.</summary>
    public static string Tag(string html, string id) =>
        Regex.Match(html, $"<[a-z]+[^>]*\\sid=\"{Regex.Escape(id)}\"[^>]*>") is { Success: true } m ? m.Value : throw new Xunit.Sdk.XunitException($"No element #{id}");

    /// <summary>The text of the error beside the input with that id (empty when it has none).</summary>
    public static string ErrorBeside(string html, string inputId) =>
        WebUtility.HtmlDecode(Regex.Match(html, $"<span[^>]*\\sid=\"{Regex.Escape(inputId)}-error\"[^>]*>([^<]*)</span>").Groups[1].Value);

    /// <summary>Asserts the input is marked invalid and described by its error, which reads <paramref name="message"/>.</summary>
    public static void ShowsError(string html, string inputId, string message)
    {
        Assert.Equal(message, ErrorBeside(html, inputId));
        var input = Tag(html, inputId);
        Assert.Contains("aria-invalid=\"true\"", input);
        Assert.Contains($"aria-describedby=\"{inputId}-error\"", input);
    }

    public static string Text(string html) => WebUtility.HtmlDecode(html);
}
