using System.Net;
using Berth.Ecr.Registry.Http;
using static Berth.Ecr.Registry.Tests.RegistryClient;

namespace Berth.Ecr.Registry.Tests;

public sealed class AuthAndNameTests
{
    [Fact]
    public async Task Base_Authenticated_Returns200WithApiVersion()
    {
        await using var host = await RegistryHost.StartAsync();
        using var response = await host.Client.GetAsync("/v2/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("registry/2.0", response.Header("Docker-Distribution-API-Version"));
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        using var noSlash = await host.Client.GetAsync("/v2");
        Assert.Equal(HttpStatusCode.OK, noSlash.StatusCode);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("AWS", "wrong")]
    [InlineData("AWS", "")]
    [InlineData("admin", "valid")]
    public async Task AnyPath_WithoutValidCredentials_Returns401WithChallenge(string? user, string? password)
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("app");
        using var client = host.NewClient(user, password == "valid" ? host.Token : password);
        foreach (var path in new[] { "/v2/", "/v2/app/tags/list", "/v2/app/manifests/latest", "/v2/UPPER/manifests/x" })
        {
            using var response = await client.GetAsync(path);
            await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
            Assert.Equal("Basic realm=\"Berth registry\"", response.Headers.WwwAuthenticate.ToString());
        }
    }

    [Fact]
    public async Task Auth_GarbageAuthorizationHeader_Returns401()
    {
        await using var host = await RegistryHost.StartAsync();
        using var client = host.NewClient(null, null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/");
        request.Headers.TryAddWithoutValidation("Authorization", "Basic !!!not-base64");
        using var response = await client.SendAsync(request);
        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Theory]
    [InlineData("/v2/UPPER/manifests/latest")]
    [InlineData("/v2/a//b/manifests/latest")]
    [InlineData("/v2/app//manifests/latest")]
    [InlineData("/v2/a..b/manifests/latest")]
    [InlineData("/v2/..a/tags/list")]
    [InlineData("/v2/-app/tags/list")]
    [InlineData("/v2/app_/blobs/uploads/")]
    [InlineData("/v2/a___b/tags/list")]
    [InlineData("/v2/manifests/latest")]
    [InlineData("/v2/a%2Fb/tags/list")]
    public async Task Request_InvalidName_ReturnsNameInvalid(string path)
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("app");
        using var response = await host.Client.GetAsync(path);
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "NAME_INVALID");
    }

    [Fact]
    public async Task Request_DotSegments_AreRefusedOnTheRawWire()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("app");
        // HttpClient would remove "..": send it raw.
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(host.Address.Host, host.Address.Port);
        var stream = tcp.GetStream();
        var auth = host.Client.DefaultRequestHeaders.Authorization!.ToString();
        var request = $"GET /v2/app/../../etc/manifests/latest HTTP/1.1\r\nHost: x\r\nAuthorization: {auth}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(request));
        var reply = await new StreamReader(stream).ReadToEndAsync();
        Assert.DoesNotContain(" 200 ", reply.Split('\n')[0]);
        Assert.DoesNotContain(" 500 ", reply.Split('\n')[0]);
    }

    [Fact]
    public async Task Request_UnknownRepository_ReturnsNameUnknown()
    {
        await using var host = await RegistryHost.StartAsync();
        using var tags = await host.Client.GetAsync("/v2/nope/tags/list");
        await AssertErrorAsync(tags, HttpStatusCode.NotFound, "NAME_UNKNOWN");
        using var upload = await host.Client.PostAsync("/v2/team/nope/blobs/uploads/", null);
        await AssertErrorAsync(upload, HttpStatusCode.NotFound, "NAME_UNKNOWN");
    }

    [Fact]
    public async Task Manifest_InvalidTag_ReturnsTagInvalid()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("app");
        using var response = await host.Client.GetAsync("/v2/app/manifests/.hidden");
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "TAG_INVALID");
        using var longTag = await host.Client.GetAsync($"/v2/app/manifests/{new string('a', 129)}");
        await AssertErrorAsync(longTag, HttpStatusCode.BadRequest, "TAG_INVALID");
    }

    [Fact]
    public async Task Request_UnknownEndpointOrMethod_IsNot500()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("app");
        using var unknown = await host.Client.GetAsync("/v2/app/whatever");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var post = await host.Client.PostAsync("/v2/app/tags/list", null);
        await AssertErrorAsync(post, HttpStatusCode.MethodNotAllowed, "UNSUPPORTED");
        using var badDigest = await host.Client.GetAsync("/v2/app/blobs/sha256:xyz");
        await AssertErrorAsync(badDigest, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        using var sha512 = await host.Client.GetAsync($"/v2/app/blobs/sha512:{new string('a', 128)}");
        await AssertErrorAsync(sha512, HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    [Theory]
    [InlineData("/app/manifests/latest", "Manifest", "app", "latest")]
    [InlineData("/team/app/manifests/v1", "Manifest", "team/app", "v1")]
    [InlineData("/team/blobs/app/blobs/sha256:ab", "Blob", "team/blobs/app", "sha256:ab")]
    [InlineData("/a/manifests/b/manifests/c", "Manifest", "a/manifests/b", "c")]
    [InlineData("/a/b/blobs/uploads/", "Uploads", "a/b", "")]
    [InlineData("/a/b/blobs/uploads", "Uploads", "a/b", "")]
    [InlineData("/a/b/blobs/uploads/abc", "Upload", "a/b", "abc")]
    [InlineData("/a/tags/list/tags/list", "TagsList", "a/tags/list", "")]
    [InlineData("/a/referrers/sha256:x", "Referrers", "a", "sha256:x")]
    [InlineData("/", "Base", "", "")]
    public void Parse_Paths_SplitOnTheLastMarker(string rest, string kind, string name, string argument)
    {
        var route = RegistryRoute.Parse(rest);
        Assert.NotNull(route);
        Assert.Equal(kind, route.Kind.ToString());
        Assert.Equal(name, route.Name);
        Assert.Equal(argument, route.Argument);
    }

    [Theory]
    [InlineData("/a/b")]
    [InlineData("/a/manifests/x/y")]
    [InlineData("/a/tags/list/")]
    public void Parse_NoApiPath_ReturnsNull(string rest) => Assert.Null(RegistryRoute.Parse(rest));

    [Theory]
    [InlineData("a", true)]
    [InlineData("team/app", true)]
    [InlineData("a.b_c__d--e/f-g", true)]
    [InlineData("a/", false)]
    [InlineData("A", false)]
    [InlineData("a//b", false)]
    [InlineData("a/../b", false)]
    [InlineData("", false)]
    public void IsValidName_FollowsTheSpecGrammar(string name, bool valid) => Assert.Equal(valid, RegistryNames.IsValidName(name));
}
