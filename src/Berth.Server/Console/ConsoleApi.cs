using System.Text.Json;
using System.Text.Json.Serialization;
using Berth.Kernel.Protocol;
using Berth.Server.Edge;

namespace Berth.Server.Console;

/// <summary>
/// The console's server part, and all of it: sign in with a key pair (an HttpOnly, SameSite=Strict session cookie), sign out,
/// and <see cref="CallAsync"/>, which hands an AWS call to the same endpoints that serve <c>POST /</c> once the cookie and the
/// CSRF header check out. No business rules here: what the console may do is what the APIs allow.
/// </summary>
public sealed class ConsoleApi(ConsoleSessions sessions, AwsJsonEndpoint json, QueryEndpoint query)
{
    public const string CookieName = "berth_console";
    public const string CsrfHeader = "X-Berth-Csrf";
    public const string CookiePath = "/console";
    const int MaxSignInBytes = 8 * 1024;

    /// <summary><c>POST /console/api/session</c> with <c>{"accessKeyId","secretAccessKey"}</c>.</summary>
    public async Task SignInAsync(HttpContext http)
    {
        if (http.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            await ErrorAsync(http, 415, "UnsupportedMediaTypeException", "Send the key pair as application/json.");
            return;
        }
        SignInRequest? request;
        try
        {
            if (http.Request.ContentLength > MaxSignInBytes)
                throw new JsonException();
            request = await JsonSerializer.DeserializeAsync(http.Request.Body, ConsoleJson.Default.SignInRequest, http.RequestAborted);
        }
        catch (JsonException)
        {
            request = null;
        }
        if (request is not { AccessKeyId: { } id, SecretAccessKey: { } secret })
        {
            await ErrorAsync(http, 400, "ValidationException", "Give accessKeyId and secretAccessKey.");
            return;
        }
        if (sessions.SignIn(id.Trim(), secret) is not { } token || sessions.Validate(token) is not { } session)
        {
            await ErrorAsync(http, 401, "InvalidCredentialsException", "The access key id or the secret access key is not right.");
            return;
        }
        http.Response.Cookies.Append(CookieName, token, Cookie(http, session.ExpiresAt));
        await WriteAsync(http, 200, Info(session));
    }

    /// <summary><c>GET /console/api/session</c>: who is signed in, and the CSRF token the page sends back (kept in memory only).</summary>
    public async Task GetSessionAsync(HttpContext http)
    {
        if (await RequireSessionAsync(http) is { } session)
            await WriteAsync(http, 200, Info(session));
    }

    /// <summary><c>DELETE /console/api/session</c>: clears the cookie (CSRF-checked, so another site cannot sign you out).</summary>
    public async Task SignOutAsync(HttpContext http)
    {
        if (await RequireSessionAsync(http, csrf: true) is null)
            return;
        http.Response.Cookies.Delete(CookieName, Cookie(http, DateTimeOffset.UnixEpoch));
        http.Response.StatusCode = 204;
    }

    /// <summary>
    /// <c>POST /console/api/aws</c>: an AWS JSON call (<c>X-Amz-Target</c>) or a Query call (form body with <c>Action</c>),
    /// answered exactly as <c>POST /</c> answers it.
    /// </summary>
    public async Task CallAsync(HttpContext http)
    {
        if (await RequireSessionAsync(http, csrf: true) is not { } session)
            return;
        if (QueryEndpoint.IsQueryRequest(http.Request))
            await query.HandleAuthenticatedAsync(http, session.AccessKeyId);
        else
            await json.HandleAuthenticatedAsync(http, session.AccessKeyId);
    }

    async Task<ConsoleSession?> RequireSessionAsync(HttpContext http, bool csrf = false)
    {
        http.Response.Headers.CacheControl = "no-store";
        if (sessions.Validate(http.Request.Cookies[CookieName]) is not { } session)
        {
            if (http.Request.Cookies.ContainsKey(CookieName))
                http.Response.Cookies.Delete(CookieName, Cookie(http, DateTimeOffset.UnixEpoch));
            await ErrorAsync(http, 401, "NotSignedInException", "Sign in to the console: there is no session, or it has expired.");
            return null;
        }
        if (csrf && !ConsoleSessions.CsrfMatches(session, http.Request.Headers[CsrfHeader]))
        {
            await ErrorAsync(http, 403, "InvalidCsrfTokenException", $"The {CsrfHeader} header is missing or does not belong to this session.");
            return null;
        }
        return session;
    }

    static CookieOptions Cookie(HttpContext http, DateTimeOffset expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = CookiePath,
        Expires = expires,
    };

    static SessionInfo Info(ConsoleSession s) => new(s.AccessKeyId, s.ExpiresAt.ToUnixTimeSeconds(), s.CsrfToken) { Arn = s.Arn };

    static Task ErrorAsync(HttpContext http, int status, string type, string message)
    {
        http.Response.Headers["x-amzn-ErrorType"] = type;
        return WriteAsync(http, status, new AwsError(type, message));
    }

    static async Task WriteAsync<T>(HttpContext http, int status, T body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-store";
        await JsonSerializer.SerializeAsync(http.Response.Body, body, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)ConsoleJson.Default.GetTypeInfo(typeof(T))!, http.RequestAborted);
    }
}

public sealed record SignInRequest(
    [property: JsonPropertyName("accessKeyId")] string? AccessKeyId,
    [property: JsonPropertyName("secretAccessKey")] string? SecretAccessKey);

public sealed record SessionInfo(
    [property: JsonPropertyName("accessKeyId")] string AccessKeyId,
    [property: JsonPropertyName("expiresAt")] long ExpiresAt,
    [property: JsonPropertyName("csrfToken")] string CsrfToken)
{
    /// <summary>Who is signed in (root or the IAM user), for the console to show.</summary>
    [JsonPropertyName("arn")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Arn { get; init; }
}

[JsonSerializable(typeof(SignInRequest))]
[JsonSerializable(typeof(SessionInfo))]
[JsonSerializable(typeof(AwsError))]
internal sealed partial class ConsoleJson : JsonSerializerContext;
