using System.Net;
using System.Text.RegularExpressions;
using Alba;

namespace Campaign.Tests.Console;

/// <summary>
/// The console as a browser without JavaScript sees it, through the real pipeline: cookies kept between requests,
/// redirects not followed (so that tests see them), forms posted with the antiforgery token the page carries.
/// </summary>
public sealed partial class ConsoleClient
{
    private readonly CookieContainer cookies = new();
    private readonly HttpClient client;
    /// <summary>A browser of the service in <paramref name="host"/>, at <paramref name="address"/> (http://localhost unless given).</summary>
    public ConsoleClient(IAlbaHost host, Uri? address = null) =>
        client = new HttpClient(new CookieHandler(cookies) { InnerHandler = host.Server.CreateHandler() }) { BaseAddress = address ?? new Uri("http://localhost") };

    public CookieCollection Cookies => cookies.GetAllCookies();

    public Task<HttpResponseMessage> Get(string url) => client.GetAsync(url);

    public async Task<string> Page(string url, HttpStatusCode status = HttpStatusCode.OK)
    {
        var response = await Get(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"GET {url}: {(int)response.StatusCode}, expected {(int)status}\n{body}");
        return body;
    }

    /// <summary>Posts a form found on the page at <paramref name="pageUrl"/>, with that page's antiforgery token (as multipart/form-data if asked).</summary>
    public async Task<HttpResponseMessage> Submit(string pageUrl, IDictionary<string, string> fields, string? action = null, bool multipart = false)
    {
        var page = await Page(pageUrl);
        var token = TokenField().Match(page).Groups[1].Value;
        var form = new Dictionary<string, string>(fields) { ["__antiforgery"] = token };
        HttpContent content = new FormUrlEncodedContent(form);
        if (multipart)
        {
            var parts = new MultipartFormDataContent();
            foreach (var (name, value) in form) parts.Add(new StringContent(value), name);
            content = parts;
        }
        return await client.PostAsync(action ?? pageUrl, content);
    }

    /// <summary>Uploads a file with the form posted to <paramref name="action"/> on the page at <paramref name="pageUrl"/>, with that page's antiforgery token.</summary>
    public async Task<HttpResponseMessage> Upload(string pageUrl, string action, (string Name, string FileName, byte[] Content) file,
        params (string Name, string Value)[] fields)
    {
        var token = TokenField().Match(await Page(pageUrl)).Groups[1].Value;
        using var parts = new MultipartFormDataContent { { new StringContent(token), "__antiforgery" }, { new ByteArrayContent(file.Content), file.Name, file.FileName } };
        foreach (var (name, value) in fields) parts.Add(new StringContent(value), name);
        return await client.PostAsync(action, parts);
    }

    /// <summary>Opens a page with a form: its hidden fields (antiforgery token, version, idempotency key) are sent with it.</summary>
    public async Task<OpenedForm> Open(string url, HttpStatusCode status = HttpStatusCode.OK) => OpenedForm.Of(url, await Page(url, status));

    /// <summary>Sends a form as a browser would: the fields filled in, then the form's hidden fields (those not filled in).</summary>
    public Task<HttpResponseMessage> Send(OpenedForm form, params (string Name, string Value)[] fields) =>
        client.PostAsync(form.Url, new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))
            .Concat(form.Hidden.Where(h => fields.All(f => f.Name != h.Key)))));

    /// <summary>Sends a form with a file as a browser would (multipart/form-data): the file, the fields filled in, then the form's hidden fields.</summary>
    public Task<HttpResponseMessage> SendFile(OpenedForm form, string fileField, byte[] file, string fileName, string mediaType,
        params (string Name, string Value)[] fields)
    {
        var parts = new MultipartFormDataContent();
        var filePart = new ByteArrayContent(file);
        filePart.Headers.ContentType = new(mediaType);
        parts.Add(filePart, fileField, fileName);
        foreach (var (name, value) in fields.Concat(form.Hidden.Where(h => fields.All(f => f.Name != h.Key)).Select(h => (h.Key, h.Value))))
            parts.Add(new StringContent(value), name);
        return client.PostAsync(form.Url, parts);
    }

    /// <summary>Sends a form that the service shows again (refused, or stale), and answers it as shown again.</summary>
    public async Task<OpenedForm> SendAndStay(OpenedForm form, params (string Name, string Value)[] fields)
    {
        var response = await Send(form, fields);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {form.Url}: {(int)response.StatusCode} {response.Headers.Location}, expected the form again\n{body}");
        return OpenedForm.Of(form.Url, body);
    }

    /// <summary>Sends a form that records, and answers the page it goes to.</summary>
    public async Task<string> SendAndFollow(OpenedForm form, params (string Name, string Value)[] fields)
    {
        var response = await Send(form, fields);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"POST {form.Url}: {(int)response.StatusCode}, expected a redirect\n{body}");
        return await Page(response.Headers.Location!.OriginalString);
    }

    public Task<HttpResponseMessage> PostWithoutToken(string url, IDictionary<string, string> fields) =>
        client.PostAsync(url, new FormUrlEncodedContent(fields));

    /// <summary>Signs in with an API key; answers the response to the sign-in form.</summary>
    public Task<HttpResponseMessage> SignIn(string key, string returnUrl = "") =>
        Submit(returnUrl.Length == 0 ? "/" : $"/?returnUrl={Uri.EscapeDataString(returnUrl)}", new Dictionary<string, string> { ["Key"] = key });

    public async Task<ConsoleClient> SignedIn(string key)
    {
        var response = await SignIn(key);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return this;
    }

    [GeneratedRegex("name=\"__antiforgery\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    /// <summary>A page with a form, as received: its address, the hidden fields of its form (not the sign-out's) and its HTML.</summary>
    public sealed partial record OpenedForm(string Url, IReadOnlyList<KeyValuePair<string, string>> Hidden, string Html)
    {
        public string? this[string hidden] => Hidden.FirstOrDefault(h => h.Key == hidden).Value;

        public static OpenedForm Of(string url, string html) => new(url, HiddenInput()
            .Matches(PostForm().Matches(html).Select(m => m.Value).FirstOrDefault(f => !f.Contains("action=\"/sign-out\"")) ?? "")
            .Select(m => (Name: Attribute(m.Value, "name"), Value: Attribute(m.Value, "value")))
            .Where(h => h.Name is not null)
            .Select(h => KeyValuePair.Create(h.Name!, h.Value ?? "")).ToList(), html);

        private static string? Attribute(string tag, string name) =>
            Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"") is { Success: true } m ? System.Net.WebUtility.HtmlDecode(m.Groups[1].Value) : null;

        [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*>")]
        private static partial Regex HiddenInput();

        [GeneratedRegex("<form[^>]*method=\"post\".*?</form>", RegexOptions.Singleline)]
        private static partial Regex PostForm();
    }

    private sealed class CookieHandler(CookieContainer cookies) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var header = cookies.GetCookieHeader(request.RequestUri!);
            if (header.Length > 0) request.Headers.Add("Cookie", header);
            var response = await base.SendAsync(request, ct);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
                foreach (var cookie in set) cookies.SetCookies(request.RequestUri!, cookie);
            return response;
        }
    }
}
