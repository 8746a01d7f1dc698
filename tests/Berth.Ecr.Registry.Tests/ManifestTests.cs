using System.Net;
using System.Text;
using Berth.Kernel.Storage;
using static Berth.Ecr.Registry.Tests.RegistryClient;

namespace Berth.Ecr.Registry.Tests;

public sealed class ManifestTests
{
    static async Task<ImageRecord?> Record(RegistryHost host, string repo, string digest) =>
        (await host.Store.GetAsync(EcrKinds.Images, $"{repo}@{digest}", CancellationToken.None))?.Value;

    [Fact]
    public async Task Put_ImageByTag_Returns201AndPullsByTagAndDigest()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("team/app");
        var json = await host.Client.ImageManifestAsync("team/app", "layer-1");
        var digest = Digest(json);
        using var put = await host.Client.PutManifestAsync("team/app", "v1", json);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal($"/v2/team/app/manifests/{digest}", put.Headers.Location!.OriginalString);
        Assert.Equal(digest, put.Header("Docker-Content-Digest"));
        Assert.False(put.Headers.Contains("OCI-Subject"));

        foreach (var reference in new[] { "v1", digest })
        {
            using var get = await host.Client.GetAsync($"/v2/team/app/manifests/{reference}");
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Equal(OciManifest, get.Content.Headers.ContentType!.MediaType);
            Assert.Equal(digest, get.Header("Docker-Content-Digest"));
            Assert.Equal(json, await get.Content.ReadAsStringAsync());

            using var head = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/team/app/manifests/{reference}"));
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(Encoding.UTF8.GetByteCount(json), head.Content.Headers.ContentLength);
            Assert.Equal(digest, head.Header("Docker-Content-Digest"));
        }

        var record = await Record(host, "team/app", digest);
        Assert.NotNull(record);
        Assert.Equal(["v1"], record.Tags);
        Assert.Equal(OciManifest, record.MediaType);
        Assert.Equal(Encoding.UTF8.GetByteCount(json), record.ManifestSize);
        Assert.Equal(2, record.References.Count);
        Assert.Equal("application/vnd.oci.image.config.v1+json", record.ConfigMediaType);
        Assert.True(record.ImageSize > "layer-1".Length);
    }

    [Fact]
    public async Task Get_WithAMismatchedAccept_IsStillServed()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("app");
        var digest = await host.Client.PushImageAsync("app", "latest", "x");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/app/manifests/latest");
        request.Headers.TryAddWithoutValidation("Accept", DockerManifest);
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(digest, response.Header("Docker-Content-Digest"));
    }

    [Fact]
    public async Task Put_ByDigest_MustMatchTheBytes()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("app");
        var json = await host.Client.ImageManifestAsync("app", "l");
        using var wrong = await host.Client.PutManifestAsync("app", Digest("other"), json);
        await AssertErrorAsync(wrong, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        using var right = await host.Client.PutManifestAsync("app", Digest(json), json);
        Assert.Equal(HttpStatusCode.Created, right.StatusCode);
        Assert.Empty((await Record(host, "app", Digest(json)))!.Tags);
    }

    [Fact]
    public async Task Put_MissingBlob_IsManifestBlobUnknown()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("app");
        await host.CreateRepositoryAsync("other");
        var json = await host.Client.ImageManifestAsync("other", "only in other");
        using var response = await host.Client.PutManifestAsync("app", "latest", json);
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
        Assert.Null(await Record(host, "app", Digest(json)));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"schemaVersion\":1}")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"config\":{},\"layers\":[]}")]
    [InlineData("{\"schemaVersion\":2,\"layers\":[]}")]
    [InlineData("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:abc\",\"size\":1},\"layers\":[]}")]
    [InlineData("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"size\":1},\"layers\":[]}")]
    [InlineData("{\"schemaVersion\":2,\"config\":\"x\",\"layers\":{}}")]
    public async Task Put_Malformed_Is4xxNever500(string json)
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("app");
        using var response = await host.Client.PutManifestAsync("app", "latest", json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(await ErrorCodeAsync(response), new[] { "MANIFEST_INVALID", "DIGEST_INVALID" });
    }

    [Fact]
    public async Task Put_UnsupportedContentTypeOrMismatchedMediaType_IsManifestInvalid()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("app");
        var json = await host.Client.ImageManifestAsync("app", "l");
        using var text = await host.Client.PutManifestAsync("app", "latest", json, "text/plain");
        await AssertErrorAsync(text, HttpStatusCode.BadRequest, "MANIFEST_INVALID");
        using var docker = await host.Client.PutManifestAsync("app", "latest", json, DockerManifest);
        await AssertErrorAsync(docker, HttpStatusCode.BadRequest, "MANIFEST_INVALID");
    }

    [Fact]
    public async Task Put_TooLarge_Is413()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("app");
        var json = "{\"schemaVersion\":2,\"annotations\":{\"x\":\"" + new string('a', 5 * 1024 * 1024) + "\"}}";
        using var response = await host.Client.PutManifestAsync("app", "latest", json);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Put_Index_RequiresItsManifestsInTheRepository()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("app");
        var child = await host.Client.ImageManifestAsync("app", "amd64");
        var childDigest = Digest(child);
        var index = $$$"""{"schemaVersion":2,"mediaType":"{{{OciIndex}}}","manifests":[{"mediaType":"{{{OciManifest}}}","digest":"{{{childDigest}}}","size":{{{Encoding.UTF8.GetByteCount(child)}}},"platform":{"architecture":"amd64","os":"linux"}}]}""";
        using var missing = await host.Client.PutManifestAsync("app", "multi", index, OciIndex);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("MANIFEST_UNKNOWN", await ErrorCodeAsync(missing));

        using var pushChild = await host.Client.PutManifestAsync("app", childDigest, child);
        Assert.Equal(HttpStatusCode.Created, pushChild.StatusCode);
        using var ok = await host.Client.PutManifestAsync("app", "multi", index, OciIndex);
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var record = await Record(host, "app", Digest(index));
        Assert.Equal([childDigest], record!.References);
        Assert.Equal((await Record(host, "app", childDigest))!.ImageSize, record.ImageSize);
        using var get = await host.Client.GetAsync("/v2/app/manifests/multi");
        Assert.Equal(OciIndex, get.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Put_SameTagAgain_MovesTheTag()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("app");
        var first = await host.Client.PushImageAsync("app", "latest", "one");
        var second = await host.Client.PushImageAsync("app", "latest", "two");
        Assert.Empty((await Record(host, "app", first))!.Tags);
        Assert.Equal(["latest"], (await Record(host, "app", second))!.Tags);
        using var get = await host.Client.GetAsync("/v2/app/manifests/latest");
        Assert.Equal(second, get.Header("Docker-Content-Digest"));
    }

    [Fact]
    public async Task Put_ConcurrentPushesToOneTag_LeaveExactlyOneHolder()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("app");
        var manifests = new List<string>();
        for (var i = 0; i < 6; i++)
            manifests.Add(await host.Client.ImageManifestAsync("app", $"layer {i}"));
        var results = await Task.WhenAll(manifests.Select(async m =>
        {
            using var r = await host.Client.PutManifestAsync("app", "race", m);
            return r.StatusCode;
        }));
        Assert.All(results, s => Assert.Equal(HttpStatusCode.Created, s));
        var holders = (await host.Store.ListAsync(EcrKinds.Images, new StoreQuery { Scope = "app" }, CancellationToken.None))
            .Count(i => i.Value.Tags.Contains("race"));
        Assert.Equal(1, holders);
    }

    [Fact]
    public async Task Put_ImmutableTagToAnotherDigest_IsRefused()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("locked", "IMMUTABLE");
        var first = await host.Client.ImageManifestAsync("locked", "one");
        using (var r = await host.Client.PutManifestAsync("locked", "v1", first))
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        // The same digest again is fine.
        using (var same = await host.Client.PutManifestAsync("locked", "v1", first))
            Assert.Equal(HttpStatusCode.Created, same.StatusCode);
        var second = await host.Client.ImageManifestAsync("locked", "two");
        using var refused = await host.Client.PutManifestAsync("locked", "v1", second);
        await AssertErrorAsync(refused, HttpStatusCode.BadRequest, "TAG_INVALID");
        Assert.Contains("The image tag 'v1' already exists in the 'locked' repository and cannot be overwritten because the repository is immutable.",
            await refused.Content.ReadAsStringAsync());
        using var get = await host.Client.GetAsync("/v2/locked/manifests/v1");
        Assert.Equal(Digest(first), get.Header("Docker-Content-Digest"));
        Assert.Null(await Record(host, "locked", Digest(second)));
    }

    [Fact]
    public async Task Delete_ByTag_UntagsAndByDigest_RemovesTheManifest()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("app");
        var json = await host.Client.ImageManifestAsync("app", "l");
        var digest = Digest(json);
        (await host.Client.PutManifestAsync("app", "a", json)).Dispose();
        (await host.Client.PutManifestAsync("app", "b", json)).Dispose();

        using var untag = await host.Client.DeleteAsync("/v2/app/manifests/a");
        Assert.Equal(HttpStatusCode.Accepted, untag.StatusCode);
        using var goneTag = await host.Client.GetAsync("/v2/app/manifests/a");
        await AssertErrorAsync(goneTag, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        Assert.Equal(["b"], (await Record(host, "app", digest))!.Tags);

        using var delete = await host.Client.DeleteAsync($"/v2/app/manifests/{digest}");
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        Assert.Null(await Record(host, "app", digest));
        using var goneB = await host.Client.GetAsync("/v2/app/manifests/b");
        await AssertErrorAsync(goneB, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        using var goneDigest = await host.Client.GetAsync($"/v2/app/manifests/{digest}");
        await AssertErrorAsync(goneDigest, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        using var again = await host.Client.DeleteAsync($"/v2/app/manifests/{digest}");
        await AssertErrorAsync(again, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        using var unknownTag = await host.Client.DeleteAsync("/v2/app/manifests/nope");
        await AssertErrorAsync(unknownTag, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    [Fact]
    public async Task Put_DockerSchema2_IsAccepted()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("app");
        var config = await host.Client.PushBlobAsync("app", Encoding.UTF8.GetBytes("{}"));
        var layer = await host.Client.PushBlobAsync("app", Encoding.UTF8.GetBytes("tar"));
        var json = $$"""{"schemaVersion":2,"mediaType":"{{DockerManifest}}","config":{{Descriptor("application/vnd.docker.container.image.v1+json", config, 2)}},"layers":[{{Descriptor("application/vnd.docker.image.rootfs.diff.tar.gzip", layer, 3)}}]}""";
        using var put = await host.Client.PutManifestAsync("app", "docker", json, DockerManifest);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        using var get = await host.Client.GetAsync("/v2/app/manifests/docker");
        Assert.Equal(DockerManifest, get.Content.Headers.ContentType!.MediaType);
        Assert.Equal(5, (await Record(host, "app", Digest(json)))!.ImageSize);
    }
}
