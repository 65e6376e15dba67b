using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Campaign.Tests.Support;

/// <summary>
/// A small OpenID Connect provider for tests, on Kestrel at 127.0.0.1 and a free port: discovery, its signing key
/// (RSA, made per run), an authorize endpoint with a login form (then a session of its own, so a second sign-in asks
/// nothing), a token endpoint that checks the code, the client, the PKCE verifier and the redirect URI and answers an
/// id_token signed RS256, and an end-session endpoint. It answers with the response mode asked (form_post or query).
/// </summary>
public sealed class LocalIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "campaign-console";
    public const string ClientSecret = "a-client-secret-for-tests-only";
    private const string SessionCookie = "idp.session";

    /// <summary>A person the provider knows, signing in as <paramref name="Login"/>.</summary>
    public sealed record Person(string Login, string Email, string Name, params string[] Roles)
    {
        public string Subject { get; } = Guid.NewGuid().ToString("N");

        /// <summary>How this person's id_token is spoiled, for tests of what the console refuses.</summary>
        public Spoiled Spoil { get; init; }
    }

    public enum Spoiled { No, ForeignKey, RolesAlteredAfterSigning, Expired, OtherNonce, OtherAudience }

    private sealed record Grant(Person Person, string RedirectUri, string Challenge, string? Nonce, DateTimeOffset Expires);

    private readonly WebApplication app;
    private readonly RsaSecurityKey key = new(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N") };
    private readonly ConcurrentDictionary<string, Person> people = new();
    private readonly ConcurrentDictionary<string, Grant> codes = new();
    private readonly ConcurrentDictionary<string, string> sessions = new();
    private readonly ConcurrentDictionary<string, bool> redirectUris = new();
    private readonly ConcurrentDictionary<string, bool> signedOutRedirectUris = new();

    public string Authority { get; private set; } = "";

    /// <summary>How many times a person signed out at the provider (through its end-session endpoint).</summary>
    public int SignOuts => signOuts;
    private int signOuts;

    private LocalIdentityProvider(WebApplication app) => this.app = app;

    /// <summary>Starts the provider, addressed as <paramref name="host"/> (e.g. localhost, another site than a console at 127.0.0.1).</summary>
    public static async Task<LocalIdentityProvider> Start(string host)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var provider = new LocalIdentityProvider(builder.Build());
        provider.Map();
        await provider.app.StartAsync();
        var port = new Uri(provider.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;
        provider.Authority = $"http://{host}:{port}";
        return provider;
    }

    /// <summary>The console's settings for this provider.</summary>
    public Dictionary<string, string> ConsoleSettings() => new()
    {
        ["Authentication:Oidc:Authority"] = Authority,
        ["Authentication:Oidc:ClientId"] = ClientId,
        ["Authentication:Oidc:ClientSecret"] = ClientSecret,
        ["Authentication:Oidc:RequireHttpsMetadata"] = "false",
    };

    /// <summary>Registers a console at <paramref name="address"/> as the client: its callback and its page after signing out.</summary>
    public void Register(string address)
    {
        redirectUris[$"{address.TrimEnd('/')}/signin-oidc"] = true;
        signedOutRedirectUris[$"{address.TrimEnd('/')}/signout-callback-oidc"] = true;
    }

    public Person Add(Person person) => people[person.Login] = person;

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private void Map()
    {
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Authority,
            ["authorization_endpoint"] = $"{Authority}/authorize",
            ["token_endpoint"] = $"{Authority}/token",
            ["jwks_uri"] = $"{Authority}/jwks",
            ["end_session_endpoint"] = $"{Authority}/end-session",
            ["response_types_supported"] = new[] { "code" },
            ["response_modes_supported"] = new[] { "query", "form_post" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post" },
            ["scopes_supported"] = new[] { "openid", "profile", "email" },
        }));
        app.MapGet("/jwks", () =>
        {
            var rsa = key.Rsa.ExportParameters(false);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = key.KeyId,
                n = Base64UrlEncoder.Encode(rsa.Modulus), e = Base64UrlEncoder.Encode(rsa.Exponent) } } });
        });
        app.MapGet("/authorize", (HttpContext context) => Authorize(context, context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()), null));
        // An HttpRequest, not an HttpContext: a lambda of an HttpContext returning a Task would be taken for a RequestDelegate.
        app.MapPost("/authorize", async (HttpRequest request) =>
        {
            var form = (await request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
            return Authorize(request.HttpContext, form, form.TryGetValue("login", out var login) ? login : null);
        });
        app.MapPost("/token", async (HttpRequest request) => Token(request, await request.ReadFormAsync()));
        app.MapGet("/end-session", (HttpContext context) =>
        {
            Interlocked.Increment(ref signOuts);
            if (context.Request.Cookies[SessionCookie] is { } session) sessions.TryRemove(session, out _);
            context.Response.Cookies.Delete(SessionCookie);
            var back = context.Request.Query["post_logout_redirect_uri"].ToString();
            if (!signedOutRedirectUris.ContainsKey(back)) return Results.Content("<p>You are signed out.</p>", "text/html");
            return Results.Redirect(WithQuery(back, ("state", context.Request.Query["state"].ToString())));
        });
    }

    /// <summary>
    /// The authorize endpoint: an unknown client or redirect URI is answered here (never redirected to); a request
    /// without PKCE or the openid scope is refused to the client; a person without a session here is shown the login form.
    /// </summary>
    private IResult Authorize(HttpContext context, Dictionary<string, string> request, string? login)
    {
        string Parameter(string name) => request.GetValueOrDefault(name) ?? "";
        if (Parameter("client_id") != ClientId || !redirectUris.ContainsKey(Parameter("redirect_uri")))
            return Results.Content("<p>Unknown client or redirect URI.</p>", "text/html", statusCode: 400);
        if (Parameter("response_type") != "code" || Parameter("code_challenge_method") != "S256" || Parameter("code_challenge").Length == 0)
            return Answer(request, ("error", "invalid_request"));
        if (!Parameter("scope").Split(' ').Contains("openid")) return Answer(request, ("error", "invalid_scope"));
        if (request.ContainsKey("cancel")) return Answer(request, ("error", "access_denied"));

        if (login is null && context.Request.Cookies[SessionCookie] is { } session && sessions.TryGetValue(session, out var remembered))
            login = remembered;
        if (login is null || !people.TryGetValue(login, out var person)) return LoginForm(request, login is not null);

        var newSession = Guid.NewGuid().ToString("N");
        sessions[newSession] = person.Login;
        context.Response.Cookies.Append(SessionCookie, newSession, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax });
        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        codes[code] = new Grant(person, Parameter("redirect_uri"), Parameter("code_challenge"), request.GetValueOrDefault("nonce"),
            DateTimeOffset.UtcNow.AddMinutes(1));
        return Answer(request, ("code", code));
    }

    /// <summary>Sends the answer back to the client's redirect URI, by the response mode it asked for.</summary>
    private static IResult Answer(Dictionary<string, string> request, params (string Name, string Value)[] answer)
    {
        (string, string)[] fields = [.. answer, ("state", request.GetValueOrDefault("state") ?? "")];
        var redirectUri = request["redirect_uri"];
        if (request.GetValueOrDefault("response_mode") != "form_post") return Results.Redirect(WithQuery(redirectUri, fields));
        var inputs = string.Concat(fields.Select(f => $"<input type=\"hidden\" name=\"{Html(f.Item1)}\" value=\"{Html(f.Item2)}\">"));
        return Results.Content($"""
            <!DOCTYPE html><html><body onload="document.forms[0].submit()">
            <form method="post" action="{Html(redirectUri)}">{inputs}<noscript><button type="submit">Continue</button></noscript></form>
            </body></html>
            """, "text/html");
    }

    private static IResult LoginForm(Dictionary<string, string> request, bool unknown)
    {
        var inputs = string.Concat(request.Where(r => r.Key is not ("login" or "cancel"))
            .Select(r => $"<input type=\"hidden\" name=\"{Html(r.Key)}\" value=\"{Html(r.Value)}\">"));
        return Results.Content($"""
            <!DOCTYPE html><html lang="en"><head><title>Local identity provider</title></head><body>
            <h1>Local identity provider</h1>
            {(unknown ? "<p role=\"alert\">No such person.</p>" : "")}
            <form method="post" action="/authorize">{inputs}
            <label for="login">User name</label> <input id="login" name="login" autocomplete="off">
            <button type="submit">Sign in</button> <button type="submit" name="cancel" value="1">Cancel</button>
            </form></body></html>
            """, "text/html");
    }

    /// <summary>The token endpoint: a code once, for the client it was issued to, with its redirect URI and PKCE verifier.</summary>
    private IResult Token(HttpRequest request, IFormCollection form)
    {
        var (clientId, secret) = ClientOf(request, form);
        if (clientId != ClientId || secret != ClientSecret) return Refuse("invalid_client", 401);
        if (form["grant_type"] != "authorization_code") return Refuse("unsupported_grant_type");
        if (!codes.TryRemove(form["code"].ToString(), out var grant) || grant.Expires < DateTimeOffset.UtcNow) return Refuse("invalid_grant");
        if (form["redirect_uri"] != grant.RedirectUri) return Refuse("invalid_grant");
        var verifier = form["code_verifier"].ToString();
        if (verifier.Length < 43 || Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) != grant.Challenge)
            return Refuse("invalid_grant");

        var accessToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        return Results.Json(new
        {
            access_token = accessToken,
            token_type = "Bearer",
            expires_in = 300,
            id_token = IdToken(grant, accessToken),
        });

        static IResult Refuse(string error, int status = 400) => Results.Json(new { error }, statusCode: status);
    }

    private static (string? Id, string? Secret) ClientOf(HttpRequest request, IFormCollection form)
    {
        if (request.Headers.Authorization.ToString() is { } header && header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..])).Split(':', 2);
            return (WebUtility.UrlDecode(pair[0]), pair.Length > 1 ? WebUtility.UrlDecode(pair[1]) : null);
        }
        return (form["client_id"], form["client_secret"]);
    }

    private string IdToken(Grant grant, string accessToken)
    {
        var person = grant.Person;
        var now = DateTime.UtcNow;
        var issuedAt = person.Spoil == Spoiled.Expired ? now.AddMinutes(-30) : now;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = person.Spoil == Spoiled.OtherAudience ? "another-client" : ClientId,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt.AddMinutes(10),
            SigningCredentials = new SigningCredentials(
                person.Spoil == Spoiled.ForeignKey ? new RsaSecurityKey(RSA.Create(2048)) { KeyId = key.KeyId } : key, SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object>
            {
                ["sub"] = person.Subject,
                ["name"] = person.Name,
                ["email"] = person.Email,
                ["roles"] = person.Roles,
                ["nonce"] = person.Spoil == Spoiled.OtherNonce ? "another-nonce" : grant.Nonce ?? "",
                ["at_hash"] = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken))[..16]),
            },
        });
        return person.Spoil == Spoiled.RolesAlteredAfterSigning ? WithRoles(token, ["admin"]) : token;
    }

    /// <summary>The token with its payload's roles replaced and its signature kept, as someone tampering with it would.</summary>
    private static string WithRoles(string token, string[] roles)
    {
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        payload["roles"] = JsonSerializer.SerializeToNode(roles);
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.{parts[2]}";
    }

    private static string WithQuery(string uri, params (string Name, string Value)[] fields) =>
        uri + (uri.Contains('?') ? '&' : '?') + string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Name)}={Uri.EscapeDataString(f.Value)}"));

    private static string Html(string text) => HtmlEncoder.Default.Encode(text);
}
