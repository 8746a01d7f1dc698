using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Modules;
using Berth.Kernel.Protocol;
using Berth.Server.Edge;
using Berth.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Berth.Server.Tests.Edge;

public sealed record Thing
{
    public string? Name { get; set; }
    public string? GroupName { get; set; }
    public string? Description { get; set; }
    public int? Size { get; set; }
}

public sealed record ListThingsRequest
{
    public int? MaxResults { get; set; }
    public List<string>? Tags { get; set; }
}

public sealed record ListThingsResponse(List<Thing> Things, List<string>? Tags);

[JsonSerializable(typeof(Thing))]
[JsonSerializable(typeof(ListThingsRequest))]
[JsonSerializable(typeof(ListThingsResponse))]
internal sealed partial class ThingJson : JsonSerializerContext;

/// <summary>
/// A made-up REST-JSON service ("things"), defined the way a module defines one, served by the real edge over real HTTP
/// on loopback and called with SigV4-signed requests: path, query string and body binding, statuses and error shapes.
/// </summary>
public sealed class RestJsonEndpointTests : IAsyncLifetime
{
    const string Key = "AKIDRESTTEST";
    const string Secret = "rest-test-secret";

    static readonly AwsService Things = new() { SigningName = "things", RestJson = true };

    readonly Dictionary<string, Thing> _stored = [];
    WebApplication _app = null!;
    HttpClient _http = null!;

    sealed class ThingsModule(Dictionary<string, Thing> stored) : IBerthModule
    {
        public void AddTo(IServiceCollection services) => services.AddOperations((_, catalog) =>
        {
            var ops = catalog.For(Things);
            var j = ThingJson.Default;
            ops.Add("CreateThing", j.Thing, j.Thing, (r, _) =>
            {
                if (!stored.TryAdd(r.Name!, r))
                    throw new AwsException("ConflictException", $"Thing {r.Name} exists.", 409);
                return Task.FromResult(r);
            }, new HttpBinding("POST", "/things/{Name}", 201) { Query = new Dictionary<string, string> { ["group"] = "GroupName" } });
            ops.Add("GetThing", j.Thing, j.Thing, (r, _) =>
                Task.FromResult(stored.GetValueOrDefault(r.Name!) ?? throw new AwsException("ResourceNotFoundException", $"No thing {r.Name}.", 404)),
                new HttpBinding("GET", "/things/{Name}"));
            ops.Add("ListThings", j.ListThingsRequest, j.ListThingsResponse, (r, _) =>
                Task.FromResult(new ListThingsResponse(stored.Values.Take(r.MaxResults ?? 100).ToList(), r.Tags)),
                new HttpBinding("GET", "/things") { Query = new Dictionary<string, string> { ["max"] = "MaxResults", ["tag"] = "Tags" } });
            ops.Add("DeleteThing", j.Thing, j.Thing, (r, _) => Task.FromResult(new Thing { Name = r.Name }),
                new HttpBinding("DELETE", "/deep/{Name+}", 202));
        });
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var s = builder.Services;
        s.AddSingleton(TimeProvider.System);
        s.AddSingleton<ICredentialLookup>(new StaticCredentials((Key, Secret)));
        s.AddSingleton<SigV4Verifier>();
        new ThingsModule(_stored).AddTo(s);
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

    async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> Call(string method, string pathAndQuery, string? body = null, string service = "things")
    {
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        var uri = new Uri(_http.BaseAddress!, pathAndQuery);
        var q = uri.Query.TrimStart('?');
        var signed = new SigV4Signer(Key, Secret, "us-east-1", service, TimeProvider.System)
            .Sign(new SigV4Request(method, uri.AbsolutePath, q, [new("Host", uri.Authority), new("Content-Type", "application/json")], bytes)).Request;
        using var request = new HttpRequestMessage(new HttpMethod(method), uri) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var h in signed.Headers.Where(h => h.Key is not ("Host" or "Content-Type")))
            request.Headers.TryAddWithoutValidation(h.Key, h.Value);
        var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text.Length == 0 ? "{}" : text).RootElement.Clone(), response);
    }

    [Fact]
    public async Task Create_PathQueryAndBodyBindTheRequest()
    {
        var (status, body, _) = await Call("POST", "/things/lamp?group=home", """{"Description":"warm","Size":3}""");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(("lamp", "home", "warm", 3), (body.GetProperty("Name").GetString(), body.GetProperty("GroupName").GetString(), body.GetProperty("Description").GetString(), body.GetProperty("Size").GetInt32()));
        Assert.Equal("home", _stored["lamp"].GroupName);
    }

    [Fact]
    public async Task Get_And_List_WithTypedAndRepeatedQueryParameters()
    {
        await Call("POST", "/things/a", "{}");
        await Call("POST", "/things/b", "{}");

        var (status, got, _) = await Call("GET", "/things/b");
        Assert.Equal((HttpStatusCode.OK, "b"), (status, got.GetProperty("Name").GetString()));

        var (_, list, _) = await Call("GET", "/things?max=1&tag=x&tag=y");
        Assert.Equal(1, list.GetProperty("Things").GetArrayLength());
        Assert.Equal(["x", "y"], list.GetProperty("Tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task GreedyLabel_TakesTheRestOfThePath()
    {
        var (status, body, _) = await Call("DELETE", "/deep/a/b/c");

        Assert.Equal((HttpStatusCode.Accepted, "a/b/c"), (status, body.GetProperty("Name").GetString()));
    }

    [Fact]
    public async Task Errors_StatusErrorTypeHeaderAndJsonBody()
    {
        await Call("POST", "/things/dup", "{}");

        var (conflict, body, response) = await Call("POST", "/things/dup", "{}");
        Assert.Equal(HttpStatusCode.Conflict, conflict);
        Assert.Equal("ConflictException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal("ConflictException", body.GetProperty("__type").GetString());

        var (missing, _, _) = await Call("GET", "/things/none");
        Assert.Equal(HttpStatusCode.NotFound, missing);

        var (badInt, badBody, _) = await Call("GET", "/things?max=lots");
        Assert.Equal(HttpStatusCode.BadRequest, badInt);
        Assert.Equal("ValidationError", badBody.GetProperty("__type").GetString());
        Assert.Contains("'max'", badBody.GetProperty("message").GetString(), StringComparison.Ordinal);

        var (badJson, jsonBody, _) = await Call("POST", "/things/x", "{not json");
        Assert.Equal((HttpStatusCode.BadRequest, "SerializationException"), (badJson, jsonBody.GetProperty("__type").GetString()));
        Assert.False(_stored.ContainsKey("x"));
    }

    [Fact]
    public async Task Signatures_UnsignedAndOtherServiceRefused()
    {
        var unsigned = await _http.GetAsync(new Uri("/things", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, unsigned.StatusCode);

        var (other, body, _) = await Call("GET", "/things", service: "ecs");
        Assert.Equal(HttpStatusCode.Forbidden, other);
        Assert.Contains("things", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
