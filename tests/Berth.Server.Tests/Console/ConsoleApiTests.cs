using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Berth.AutoScaling;
using Berth.AutoScaling.Api;
using Berth.Elb;
using Berth.Elb.Api;
using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Protocol;
using Berth.Kernel.Tagging;
using Berth.Server.Console;
using Berth.Server.Edge;
using Berth.Store;
using Berth.TestSupport;
using Berth.TestSupport.Networking;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Server.Tests.Console;

/// <summary>
/// The console's sign-in and cookie-authenticated AWS calls, over the real JSON and Query endpoints and a real SQLite file:
/// a session only for the right key pair, refused when forged, expired, revoked or without its CSRF header.
/// </summary>
public sealed class ConsoleApiTests : IDisposable
{
    const string Key = "AKIDCONSOLETEST";
    const string Secret = "console-test-secret";
    static readonly byte[] ServerKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    readonly TempDatabase _db = new();
    readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    readonly MutableCredentials _credentials = new();
    readonly ConsoleApi _api;

    public ConsoleApiTests()
    {
        _credentials.Keys[Key] = Secret;
        var store = new SqliteStateStore(_db.Db);
        var arns = new Arns("000000000000", "us-east-1");
        var verifier = new SigV4Verifier(_credentials, _clock);
        var catalog = new OperationCatalog();
        AutoScalingOperations.Register(catalog.For(AutoScalingOperations.Service), new ScalableTargetService(store, arns, _clock),
            new ScalingPolicyService(store, arns, new AutoScalingOptions(), _clock), new ScheduledActionService(store, arns, _clock));
        var dataPlane = new NoDataPlane();
        var settings = new LoadBalancerSettings("127.0.0.1", "elb.test");
        var actions = new ActionValidator(store);
        var network = new LoadBalancerNetwork(InMemoryNetworkDirectory.WithShortNames());
        ElbOperations.Register(catalog.For(ElbOperations.Service),
            new LoadBalancerService(store, arns, settings, network, dataPlane, _clock),
            new TargetGroupService(store, arns, network, dataPlane, _clock), new TargetRegistry(store, dataPlane, _clock, network),
            new ListenerService(store, actions, settings, dataPlane), new RuleService(store, actions, dataPlane), new ElbTags(store, new TagService(store)));
        var tables = ProtocolTables.Build(catalog, new RootOnly());
        _api = new ConsoleApi(new ConsoleSessions(ServerKey, _credentials, _clock),
            new AwsJsonEndpoint(tables.Json, verifier, NullLogger<AwsJsonEndpoint>.Instance),
            new QueryEndpoint(tables.Query, verifier, NullLogger<QueryEndpoint>.Instance));
    }

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task SignIn_RightKeyPair_SetsAStrictHttpOnlyCookieAndReturnsTheCsrfToken()
    {
        var r = await SignInAsync(Key, Secret);

        Assert.Equal(200, r.Status);
        Assert.Equal(Key, r.Json.GetProperty("accessKeyId").GetString());
        Assert.False(string.IsNullOrEmpty(r.Json.GetProperty("csrfToken").GetString()));
        Assert.True(r.Json.GetProperty("expiresAt").GetInt64() > _clock.GetUtcNow().ToUnixTimeSeconds());
        var cookie = r.SetCookie!.ToLowerInvariant();
        Assert.StartsWith($"{ConsoleApi.CookieName}=", r.SetCookie);
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=strict", cookie);
        Assert.Contains("path=/console", cookie);
        Assert.Contains("expires=", cookie);
        Assert.DoesNotContain(Secret, r.SetCookie);
        Assert.DoesNotContain(Secret, r.Text);
    }

    [Theory]
    [InlineData("AKIDNOSUCHKEY", Secret)]
    [InlineData(Key, "not-the-secret")]
    [InlineData(Key, "")]
    [InlineData("", Secret)]
    public async Task SignIn_WrongKeyOrSecret_Is401WithoutACookie(string id, string secret)
    {
        var r = await SignInAsync(id, secret);

        Assert.Equal(401, r.Status);
        Assert.Equal("InvalidCredentialsException", r.Json.GetProperty("__type").GetString());
        Assert.Contains("not right", r.Json.GetProperty("message").GetString());
        Assert.Null(r.SetCookie);
    }

    [Fact]
    public async Task SignIn_NotJson_IsRefused()
    {
        var form = await SendAsync("POST", _api.SignInAsync, body: $"accessKeyId={Key}&secretAccessKey={Secret}", contentType: "application/x-www-form-urlencoded");
        var broken = await SendAsync("POST", _api.SignInAsync, body: "{not json", contentType: "application/json");

        Assert.Equal(415, form.Status);
        Assert.Equal(400, broken.Status);
        Assert.Equal("ValidationException", broken.Json.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task Session_WithCookie_ReturnsTheSameCsrfToken_WithoutIt401()
    {
        var (cookie, csrf) = await SignedInAsync();

        var with = await SendAsync("GET", _api.GetSessionAsync, cookie: cookie);
        var without = await SendAsync("GET", _api.GetSessionAsync);

        Assert.Equal(200, with.Status);
        Assert.Equal(csrf, with.Json.GetProperty("csrfToken").GetString());
        AssertNotSignedIn(without);
    }

    [Fact]
    public async Task Call_WithCookieAndCsrf_RunsTheJsonOperation()
    {
        var (cookie, csrf) = await SignedInAsync();

        var r = await CallJsonAsync(cookie, csrf, "AnyScaleFrontendService.DescribeScalableTargets", """{"ServiceNamespace":"ecs"}""");

        Assert.Equal(200, r.Status);
        Assert.Equal(0, r.Json.GetProperty("ScalableTargets").GetArrayLength());
    }

    [Fact]
    public async Task Call_OperationError_IsTheApisOwnAnswer()
    {
        var (cookie, csrf) = await SignedInAsync();

        var r = await CallJsonAsync(cookie, csrf, "AnyScaleFrontendService.DescribeScalableTargets", """{"ServiceNamespace":"nope"}""");
        var unknown = await CallJsonAsync(cookie, csrf, "AnyScaleFrontendService.NoSuchThing", "{}");

        Assert.Equal(400, r.Status);
        Assert.Equal("ValidationException", r.Json.GetProperty("__type").GetString());
        Assert.Equal("UnknownOperationException", unknown.Json.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task Call_QueryForm_RunsTheElbAction()
    {
        var (cookie, csrf) = await SignedInAsync();

        var r = await SendAsync("POST", _api.CallAsync, cookie: cookie, csrf: csrf,
            body: "Action=CreateLoadBalancer&Version=2015-12-01&Name=console-lb&Subnets.member.1=subnet-a", contentType: "application/x-www-form-urlencoded; charset=utf-8");

        Assert.Equal(200, r.Status);
        var ns = ElbOperations.Service.Query!.XmlNamespace;
        var name = XDocument.Parse(r.Text).Descendants(XName.Get("LoadBalancerName", ns)).Single().Value;
        Assert.Equal("console-lb", name);
    }

    [Fact]
    public async Task Call_WithoutCsrfHeader_Is403AndRunsNothing()
    {
        var (cookie, _) = await SignedInAsync();

        var missing = await CallJsonAsync(cookie, null, "AnyScaleFrontendService.DescribeScalableTargets", """{"ServiceNamespace":"ecs"}""");
        var wrong = await CallJsonAsync(cookie, "forged-token", "AnyScaleFrontendService.DescribeScalableTargets", """{"ServiceNamespace":"ecs"}""");

        foreach (var r in new[] { missing, wrong })
        {
            Assert.Equal(403, r.Status);
            Assert.Equal("InvalidCsrfTokenException", r.Json.GetProperty("__type").GetString());
        }
    }

    [Fact]
    public async Task Call_CsrfOfAnotherSession_IsRefused()
    {
        var (cookie, _) = await SignedInAsync();
        _clock.Advance(TimeSpan.FromSeconds(5));
        var (_, otherCsrf) = await SignedInAsync();

        var r = await CallJsonAsync(cookie, otherCsrf, "AnyScaleFrontendService.DescribeScalableTargets", """{"ServiceNamespace":"ecs"}""");

        Assert.Equal(403, r.Status);
    }

    [Fact]
    public async Task Call_WithoutCookie_Is401InTheAwsShape()
    {
        var r = await CallJsonAsync(null, "anything", "AnyScaleFrontendService.DescribeScalableTargets", """{"ServiceNamespace":"ecs"}""");

        AssertNotSignedIn(r);
    }

    [Fact]
    public async Task Call_ExpiredSession_Is401AndClearsTheCookie()
    {
        var (cookie, csrf) = await SignedInAsync();
        _clock.Advance(ConsoleSessions.DefaultLifetime + TimeSpan.FromSeconds(1));

        var r = await CallJsonAsync(cookie, csrf, "AnyScaleFrontendService.DescribeScalableTargets", """{"ServiceNamespace":"ecs"}""");

        AssertNotSignedIn(r);
        Assert.Contains("expires=thu, 01 jan 1970", r.SetCookie!.ToLowerInvariant());
    }

    [Fact]
    public async Task Call_ForgedCookies_Are401()
    {
        var (cookie, csrf) = await SignedInAsync();
        var dot = cookie.IndexOf('.', StringComparison.Ordinal);
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String(Pad(cookie[..dot])));
        var longer = payload.Replace($"|{payload.Split('|')[1]}|", $"|{long.Parse(payload.Split('|')[1]) + 86400}|", StringComparison.Ordinal);
        var forged = new[]
        {
            Base64Url(Encoding.UTF8.GetBytes(longer)) + cookie[dot..],       // a later expiry under the old signature
            cookie[..dot] + "." + Base64Url(new byte[32]),                     // a made-up signature
            SignedWith(new byte[32], payload),                                 // signed with another key
            cookie[..dot],                                                     // no signature
            "garbage",
        };

        foreach (var f in forged)
            AssertNotSignedIn(await CallJsonAsync(f, csrf, "AnyScaleFrontendService.DescribeScalableTargets", """{"ServiceNamespace":"ecs"}"""));
    }

    [Fact]
    public async Task Call_AfterTheSecretChanged_Is401()
    {
        var (cookie, csrf) = await SignedInAsync();
        _credentials.Keys[Key] = "a-new-secret";

        AssertNotSignedIn(await CallJsonAsync(cookie, csrf, "AnyScaleFrontendService.DescribeScalableTargets", """{"ServiceNamespace":"ecs"}"""));
    }

    [Fact]
    public async Task SignOut_ClearsTheCookie_AndNeedsCsrf()
    {
        var (cookie, csrf) = await SignedInAsync();

        var refused = await SendAsync("DELETE", _api.SignOutAsync, cookie: cookie);
        var done = await SendAsync("DELETE", _api.SignOutAsync, cookie: cookie, csrf: csrf);

        Assert.Equal(403, refused.Status);
        Assert.Equal(204, done.Status);
        Assert.StartsWith($"{ConsoleApi.CookieName}=;", done.SetCookie);
    }

    static void AssertNotSignedIn(Response r)
    {
        Assert.Equal(401, r.Status);
        Assert.Equal("application/json", r.ContentType);
        Assert.Equal("NotSignedInException", r.Json.GetProperty("__type").GetString());
        Assert.Contains("Sign in", r.Json.GetProperty("message").GetString());
    }

    async Task<(string Cookie, string Csrf)> SignedInAsync()
    {
        var r = await SignInAsync(Key, Secret);
        Assert.Equal(200, r.Status);
        var header = Assert.IsType<string>(r.SetCookie);
        var value = header[(ConsoleApi.CookieName.Length + 1)..header.IndexOf(';', StringComparison.Ordinal)];
        return (Uri.UnescapeDataString(value), r.Json.GetProperty("csrfToken").GetString()!);
    }

    Task<Response> SignInAsync(string id, string secret) =>
        SendAsync("POST", _api.SignInAsync, body: JsonSerializer.Serialize(new { accessKeyId = id, secretAccessKey = secret }), contentType: "application/json");

    Task<Response> CallJsonAsync(string? cookie, string? csrf, string target, string body) =>
        SendAsync("POST", _api.CallAsync, cookie, csrf, body, "application/x-amz-json-1.1", target);

    static async Task<Response> SendAsync(string method, Func<HttpContext, Task> handler, string? cookie = null, string? csrf = null,
        string body = "", string? contentType = null, string? target = null)
    {
        var http = new DefaultHttpContext();
        http.Features.Get<IHttpRequestFeature>()!.RawTarget = "/console/api/aws";
        http.Request.Method = method;
        http.Request.Path = "/console/api/aws";
        http.Request.Headers.Host = "localhost:4566";
        if (cookie is not null)
            http.Request.Headers.Cookie = $"{ConsoleApi.CookieName}={Uri.EscapeDataString(cookie)}";
        if (csrf is not null)
            http.Request.Headers[ConsoleApi.CsrfHeader] = csrf;
        if (contentType is not null)
            http.Request.ContentType = contentType;
        if (target is not null)
            http.Request.Headers["X-Amz-Target"] = target;
        var bytes = Encoding.UTF8.GetBytes(body);
        http.Request.Body = new MemoryStream(bytes);
        http.Request.ContentLength = bytes.Length;
        http.Response.Body = new MemoryStream();
        await handler(http);
        var text = Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray());
        var setCookie = http.Response.Headers.SetCookie.Count > 0 ? http.Response.Headers.SetCookie.ToString() : null;
        return new Response(http.Response.StatusCode, text, http.Response.ContentType, setCookie);
    }

    sealed record Response(int Status, string Text, string? ContentType, string? SetCookie)
    {
        public JsonElement Json => JsonDocument.Parse(Text).RootElement;
    }

    static string SignedWith(byte[] key, string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        using var hmac = new System.Security.Cryptography.HMACSHA256(key);
        hmac.TransformBlock(Encoding.UTF8.GetBytes("session\n"), 0, 8, null, 0);
        hmac.TransformFinalBlock(bytes, 0, bytes.Length);
        return Base64Url(bytes) + "." + Base64Url(hmac.Hash!);
    }

    static string Base64Url(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    static string Pad(string s)
    {
        var t = s.Replace('-', '+').Replace('_', '/');
        return t.PadRight(t.Length + (4 - t.Length % 4) % 4, '=');
    }

    [Fact]
    public async Task SignIn_IamUsersKey_TheSessionNamesTheUser()
    {
        _credentials.Users[UserKey] = UserSecret;

        var r = await SignInAsync(UserKey, UserSecret);

        Assert.Equal(200, r.Status);
        Assert.Equal(UserArn, r.Json.GetProperty("arn").GetString());
    }

    [Fact]
    public async Task SignIn_TemporaryKey_IsRefused()
    {
        _credentials.Temporary[UserKey] = UserSecret;

        var r = await SignInAsync(UserKey, UserSecret);

        Assert.Equal(401, r.Status);
        Assert.Null(r.SetCookie);
    }

    [Fact]
    public async Task Call_AsIamUser_IsAuthorizedAsTheUser_ARefusalIsTheServicesAccessDenied()
    {
        _credentials.Users[UserKey] = UserSecret;
        var signIn = await SignInAsync(UserKey, UserSecret);
        var header = signIn.SetCookie!;
        var cookie = Uri.UnescapeDataString(header[(ConsoleApi.CookieName.Length + 1)..header.IndexOf(';', StringComparison.Ordinal)]);
        var csrf = signIn.Json.GetProperty("csrfToken").GetString();

        var json = await CallJsonAsync(cookie, csrf, "AnyScaleFrontendService.DescribeScalableTargets", """{"ServiceNamespace":"ecs"}""");
        var query = await SendAsync("POST", _api.CallAsync, cookie, csrf, "Action=DescribeLoadBalancers&Version=2015-12-01", "application/x-www-form-urlencoded; charset=utf-8");

        Assert.Equal(400, json.Status);
        Assert.Equal("AccessDeniedException", json.Json.GetProperty("__type").GetString());
        Assert.StartsWith($"User: {UserArn} is not authorized to perform: application-autoscaling:DescribeScalableTargets", json.Json.GetProperty("message").GetString());
        Assert.Equal(403, query.Status);
        var error = XDocument.Parse(query.Text).Descendants().First(e => e.Name.LocalName == "Error");
        Assert.Equal("AccessDenied", error.Elements().First(e => e.Name.LocalName == "Code").Value);
        Assert.Contains($"User: {UserArn} is not authorized to perform: elasticloadbalancing:DescribeLoadBalancers", error.Value);
    }

    const string UserKey = "AKIDCONSOLEUSER";
    const string UserSecret = "console-user-secret";
    const string UserArn = "arn:aws:iam::000000000000:user/dev";

    /// <summary>Root may do anything; anyone else nothing — enough to see whom a console call is authorized as.</summary>
    sealed class RootOnly : IAuthorizer
    {
        public ValueTask<AccessDecision> AuthorizeAsync(Principal principal, AccessRequest request, CancellationToken ct) =>
            ValueTask.FromResult(principal.IsRoot ? AccessDecision.Allow : new AccessDecision(false,
                $"User: {principal.Arn} is not authorized to perform: {request.Action} on resource: {string.Join(", ", request.Resources)} because no identity-based policy allows the {request.Action} action"));
    }

    sealed class MutableCredentials : ICredentialLookup
    {
        public Dictionary<string, string> Keys { get; } = [];
        public Dictionary<string, string> Users { get; } = [];
        public Dictionary<string, string> Temporary { get; } = [];

        static readonly Principal Dev = new() { Arn = UserArn, Kind = PrincipalKind.User, AccountId = "000000000000", UserId = "AIDADEV", Name = "dev" };

        public Credential? Find(string accessKeyId) =>
            Keys.TryGetValue(accessKeyId, out var secret) ? new Credential(accessKeyId, secret, Principal.Root("000000000000"))
            : Users.TryGetValue(accessKeyId, out var user) ? new Credential(accessKeyId, user, Dev)
            : Temporary.TryGetValue(accessKeyId, out var temporary) ? new Credential(accessKeyId, temporary, Dev with { IsTemporary = true }) { SessionToken = "token" }
            : null;
    }
}
