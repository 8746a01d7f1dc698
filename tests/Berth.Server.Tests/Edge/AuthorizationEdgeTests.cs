using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Berth.Kernel.Auth;
using Berth.Kernel.Modules;
using Berth.Kernel.Protocol;
using Berth.Server.Edge;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Berth.Server.Tests.Edge;

/// <summary>
/// Authorization at the edge, over real HTTP on loopback, for one made-up service in each protocol: the caller the
/// signature names reaches the handler, each access a request asks for is put to the authorizer, and a refusal is the
/// protocol's AccessDenied with the handler never run.
/// </summary>
public sealed class AuthorizationEdgeTests : IAsyncLifetime
{
    const string Key = "AKIAALICE00000000001";
    const string Secret = "alice-secret";
    const string OtherKey = "AKIABOB0000000000002";
    const string Account = "123456789012";

    static readonly Principal Alice = new() { Arn = $"arn:aws:iam::{Account}:user/alice", Kind = PrincipalKind.User, AccountId = Account, UserId = "AIDAALICE", Name = "alice" };

    static readonly AwsService JsonThings = new() { SigningName = "jthings", JsonTargetPrefix = "JsonThings_2026" };
    static readonly AwsService QueryThings = new() { SigningName = "qthings", Query = new QueryService("2026-01-01", "https://qthings.example/doc/", "qthings") };
    static readonly AwsService RestThings = new() { SigningName = "rthings", RestJson = true };

    readonly Recorder _recorder = new();
    WebApplication _app = null!;
    HttpClient _http = null!;

    /// <summary>Allows everything but actions on the resource <c>arn:thing:secret</c>, and remembers what it was asked.</summary>
    sealed class Recorder : IAuthorizer
    {
        public List<(string Caller, string Action, string Resources)> Asked { get; } = [];
        public int Handled;

        public ValueTask<AccessDecision> AuthorizeAsync(Principal principal, AccessRequest request, CancellationToken ct)
        {
            lock (Asked)
                Asked.Add((principal.Arn, request.Action, string.Join(",", request.Resources)));
            return ValueTask.FromResult(request.Resources.Contains("arn:thing:secret")
                ? new AccessDecision(false, $"User: {principal.Arn} is not authorized to perform: {request.Action} on resource: arn:thing:secret")
                : AccessDecision.Allow);
        }
    }

    sealed class Keys : ICredentialLookup
    {
        public Credential? Find(string accessKeyId) => accessKeyId switch
        {
            Key => new Credential(Key, Secret, Alice),
            OtherKey => new Credential(OtherKey, "bob-secret", Alice with { Arn = $"arn:aws:iam::{Account}:user/bob", Name = "bob" }),
            _ => null,
        };
    }

    sealed class ThingsModule(Recorder recorder) : IBerthModule
    {
        public void AddTo(IServiceCollection services) => services.AddOperations((_, catalog) =>
        {
            var j = ThingJson.Default;
            Task<Thing> Handle(Thing r)
            {
                Interlocked.Increment(ref recorder.Handled);
                return Task.FromResult(new Thing { Name = Caller.Required.Arn, Description = r.Name });
            }
            IReadOnlyList<AccessRequest> OnThing(AwsService s, Thing r) => [new AccessRequest(s.Action("GetThing"), [$"arn:thing:{r.Name}"])];
            catalog.For(JsonThings).Add("GetThing", j.Thing, j.Thing, (r, _) => Handle(r), access: r => OnThing(JsonThings, r));
            catalog.For(QueryThings).Add("GetThing", j.Thing, j.Thing, (r, _) => Handle(r), access: r => OnThing(QueryThings, r));
            catalog.For(RestThings).Add("GetThing", j.Thing, j.Thing, (r, _) => Handle(r), new HttpBinding("GET", "/things/{Name}"), r => OnThing(RestThings, r));
            catalog.For(JsonThings).Add("ListThings", j.ListThingsRequest, j.ListThingsResponse, (_, _) => Task.FromResult(new ListThingsResponse([], null)));
        });
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var s = builder.Services;
        s.AddSingleton(TimeProvider.System);
        s.AddSingleton<ICredentialLookup>(new Keys());
        s.AddSingleton<SigV4Verifier>();
        s.AddSingleton<IAuthorizer>(_recorder);
        new ThingsModule(_recorder).AddTo(s);
        s.AddBerthEdge();
        _app = builder.Build();
        _app.MapAwsEdge();
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    async Task<(HttpStatusCode Status, string Body)> Send(string method, string path, string body, string contentType, string service, string? target = null, string key = Key, string secret = Secret)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var uri = new Uri(_http.BaseAddress!, path);
        List<KeyValuePair<string, string>> headers = [new("Host", uri.Authority), new("Content-Type", contentType)];
        if (target is not null)
            headers.Add(new("X-Amz-Target", target));
        var signed = new SigV4Signer(key, secret, "us-east-1", service, TimeProvider.System).Sign(new SigV4Request(method, uri.AbsolutePath, "", headers, bytes)).Request;
        using var request = new HttpRequestMessage(new HttpMethod(method), uri) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        foreach (var h in signed.Headers.Where(h => h.Key is not ("Host" or "Content-Type")))
            request.Headers.TryAddWithoutValidation(h.Key, h.Value);
        var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    Task<(HttpStatusCode Status, string Body)> Json(string name, string operation = "GetThing", string service = "jthings", string key = Key, string secret = Secret) =>
        Send("POST", "/", $$"""{"Name":"{{name}}"}""", "application/x-amz-json-1.1", service, $"JsonThings_2026.{operation}", key, secret);

    Task<(HttpStatusCode Status, string Body)> Query(string name) =>
        Send("POST", "/", $"Action=GetThing&Version=2026-01-01&Name={name}", "application/x-www-form-urlencoded; charset=utf-8", "qthings");

    Task<(HttpStatusCode Status, string Body)> Rest(string name) => Send("GET", $"/things/{name}", "", "application/json", "rthings");

    [Fact]
    public async Task Allowed_TheHandlerSeesTheCallerTheSignatureNames_InEveryProtocol()
    {
        var (js, jb) = await Json("lamp");
        var (qs, qb) = await Query("lamp");
        var (rs, rb) = await Rest("lamp");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (js, qs, rs));
        Assert.Equal($"arn:aws:iam::{Account}:user/alice", JsonDocument.Parse(jb).RootElement.GetProperty("Name").GetString());
        Assert.Contains($"<Name>arn:aws:iam::{Account}:user/alice</Name>", qb, StringComparison.Ordinal);
        Assert.Equal($"arn:aws:iam::{Account}:user/alice", JsonDocument.Parse(rb).RootElement.GetProperty("Name").GetString());
        Assert.Contains(($"arn:aws:iam::{Account}:user/alice", "jthings:GetThing", "arn:thing:lamp"), _recorder.Asked);
        Assert.Contains(($"arn:aws:iam::{Account}:user/alice", "qthings:GetThing", "arn:thing:lamp"), _recorder.Asked);
        Assert.Contains(($"arn:aws:iam::{Account}:user/alice", "rthings:GetThing", "arn:thing:lamp"), _recorder.Asked);
    }

    [Fact]
    public async Task Denied_JsonAccessDeniedException400_QueryAccessDenied403_HandlerNotRun()
    {
        var (js, jb) = await Json("secret");
        var (qs, qb) = await Query("secret");
        var (rs, rb) = await Rest("secret");

        Assert.Equal((HttpStatusCode.BadRequest, "AccessDeniedException"), (js, JsonDocument.Parse(jb).RootElement.GetProperty("__type").GetString()));
        Assert.Contains("is not authorized to perform: jthings:GetThing on resource: arn:thing:secret", jb, StringComparison.Ordinal);
        XNamespace x = "https://qthings.example/doc/";
        var error = XDocument.Parse(qb).Root!.Element(x + "Error")!;
        Assert.Equal((HttpStatusCode.Forbidden, "AccessDenied"), (qs, error.Element(x + "Code")!.Value));
        Assert.Equal((HttpStatusCode.BadRequest, "AccessDeniedException"), (rs, JsonDocument.Parse(rb).RootElement.GetProperty("__type").GetString()));
        Assert.Equal(0, _recorder.Handled);
    }

    [Fact]
    public async Task WithoutAnAccessFunction_TheOperationIsItsOwnActionOnAllResources()
    {
        var (status, _) = await Json("x", operation: "ListThings");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(($"arn:aws:iam::{Account}:user/alice", "jthings:ListThings", "*"), _recorder.Asked);
    }

    [Fact]
    public async Task Json_SignedForAnotherService_Refused()
    {
        var (status, body) = await Json("lamp", service: "qthings");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("Credential should be scoped to correct service: 'jthings'.", JsonDocument.Parse(body).RootElement.GetProperty("message").GetString());
        Assert.Empty(_recorder.Asked);
    }
}
