using System.Net;
using System.Text;
using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Tagging;
using Berth.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Berth.Ecr.Registry.Tests.RegistryClient;

namespace Berth.Ecr.Registry.Tests;

/// <summary>
/// ECR's layer API (<see cref="ImagePushService"/>) over the real registry adapter — files, SQLite, Kestrel — so what it
/// pushes is checked through <c>/v2/</c> and what <c>/v2/</c> pushes through it.
/// </summary>
public sealed class LayerApiTests
{
    static readonly CancellationToken Ct = CancellationToken.None;
    static readonly Principal Root = Principal.Root("123456789012");

    sealed record Api(RegistryHost Host, RepositoryService Repos, ImagePushService Push) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }

    static async Task<Api> StartAsync(Func<RegistryOptions, RegistryOptions>? options = null, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        var host = await RegistryHost.StartAsync(options: options, clock: clock);
        var settings = new RegistrySettings(host.HostPort, host.Address.ToString());
        var content = host.Services.GetRequiredService<IRegistryContent>();
        var repos = new RepositoryService(host.Store, new Arns("123456789012", "us-east-1"), new TagService(host.Store), settings, content, clock);
        await repos.CreateAsync("team/app", null, null, new Repository(), Ct);
        return new Api(host, repos, new ImagePushService(repos, content, host.Tokens, settings));
    }

    /// <summary>Uploads <paramref name="bytes"/> in parts of <paramref name="partSize"/> through the layer API; returns the digest.</summary>
    static async Task<string> UploadAsync(ImagePushService push, byte[] bytes, int partSize = 7, string repository = "team/app")
    {
        var id = await push.InitiateUploadAsync(repository, Ct);
        for (var first = 0; first < bytes.Length; first += partSize)
        {
            var part = bytes.AsSpan(first, Math.Min(partSize, bytes.Length - first)).ToArray();
            var last = await push.UploadPartAsync(repository, id, first, first + part.Length - 1, part, Ct);
            Assert.Equal(first + part.Length - 1, last);
        }
        return await push.CompleteUploadAsync(repository, id, [Digest(bytes)], Ct);
    }

    static string Manifest(string configDigest, int configSize, string layerDigest, int layerSize) =>
        $$"""{"schemaVersion":2,"mediaType":"{{DockerManifest}}","config":{{Descriptor("application/vnd.docker.container.image.v1+json", configDigest, configSize)}},"layers":[{{Descriptor("application/vnd.docker.image.rootfs.diff.tar.gzip", layerDigest, layerSize)}}]}""";

    static async Task<string> PushedManifestAsync(ImagePushService push, string note)
    {
        var config = Encoding.UTF8.GetBytes($$"""{"architecture":"amd64","os":"linux","note":"{{note}}"}""");
        var layer = Encoding.UTF8.GetBytes($"layer of {note}, long enough to take a few parts");
        return Manifest(await UploadAsync(push, config), config.Length, await UploadAsync(push, layer), layer.Length);
    }

    [Fact]
    public async Task UploadedLayersAndPutImage_ArePulledThroughV2()
    {
        await using var api = await StartAsync();
        var manifest = await PushedManifestAsync(api.Push, "one");
        var pushed = await api.Push.PutImageAsync("team/app", manifest, null, "v1", null, Ct);
        Assert.Equal(Digest(manifest), pushed.Digest);
        Assert.Equal(DockerManifest, pushed.MediaType);

        using var get = await api.Host.Client.GetAsync("/v2/team/app/manifests/v1");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(DockerManifest, get.Content.Headers.ContentType!.MediaType);
        Assert.Equal(manifest, await get.Content.ReadAsStringAsync());
        var layerDigest = System.Text.Json.JsonDocument.Parse(manifest).RootElement.GetProperty("layers")[0].GetProperty("digest").GetString()!;
        using var blob = await api.Host.Client.GetAsync($"/v2/team/app/blobs/{layerDigest}");
        Assert.Equal("layer of one, long enough to take a few parts", await blob.Content.ReadAsStringAsync());

        var checks = await api.Push.CheckLayersAsync("team/app", [layerDigest, "sha256:" + new string('0', 64), "md5:abc", ""], Ct);
        Assert.Equal((layerDigest, 45L, (string?)null), (checks[0].Digest, checks[0].Size!.Value, checks[0].FailureCode));
        Assert.Equal(["MissingLayerDigest", "InvalidLayerDigest", "MissingLayerDigest"], checks.Skip(1).Select(c => c.FailureCode));
    }

    [Fact]
    public async Task ImagePushedThroughV2_IsSeenByTheLayerApi()
    {
        await using var api = await StartAsync();
        var json = await api.Host.Client.ImageManifestAsync("team/app", "from v2");
        using (var put = await api.Host.Client.PutManifestAsync("team/app", "v2", json))
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var layerDigest = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("layers")[0].GetProperty("digest").GetString()!;
        Assert.Null((await api.Push.CheckLayersAsync("team/app", [layerDigest], Ct)).Single().FailureCode);
        // The same manifest and tag again is ImageAlreadyExistsException, as ECR answers.
        await AwsAssert.RefusedAsync(() => api.Push.PutImageAsync("team/app", json, null, "v2", null, Ct), "ImageAlreadyExistsException", "already exists");
    }

    [Fact]
    public async Task UploadLayerPart_OutOfOrderOrMisSized_IsInvalidLayerPartAndKeepsWhatItHad()
    {
        await using var api = await StartAsync();
        var id = await api.Push.InitiateUploadAsync("team/app", Ct);
        Assert.Equal(3, await api.Push.UploadPartAsync("team/app", id, 0, 3, "abcd"u8.ToArray(), Ct) + 0);
        await AwsAssert.RefusedAsync(() => api.Push.UploadPartAsync("team/app", id, 5, 8, "efgh"u8.ToArray(), Ct), "InvalidLayerPartException", "start at byte 4");
        await AwsAssert.RefusedAsync(() => api.Push.UploadPartAsync("team/app", id, 4, 9, "efgh"u8.ToArray(), Ct), "InvalidLayerPartException", "last valid byte received (3)");
        await AwsAssert.RefusedAsync(() => api.Push.UploadPartAsync("team/app", id, 4, 3, [], Ct), "InvalidLayerPartException");
        await AwsAssert.RefusedAsync(() => api.Push.UploadPartAsync("team/app", id, -1, 3, "abcd"u8.ToArray(), Ct), "InvalidParameterException");
        await AwsAssert.RefusedAsync(() => api.Push.UploadPartAsync("team/app", "not-a-uuid", 4, 7, "efgh"u8.ToArray(), Ct), "InvalidParameterException", "uploadId");
        await AwsAssert.RefusedAsync(() => api.Push.UploadPartAsync("team/app", Guid.NewGuid().ToString(), 0, 3, "efgh"u8.ToArray(), Ct), "UploadNotFoundException");
        await AwsAssert.RefusedAsync(() => api.Push.UploadPartAsync("team/other", id, 4, 7, "efgh"u8.ToArray(), Ct), "RepositoryNotFoundException");
        Assert.Equal(7, await api.Push.UploadPartAsync("team/app", id, 4, 7, "efgh"u8.ToArray(), Ct));
        Assert.Equal(Digest("abcdefgh"u8.ToArray()), await api.Push.CompleteUploadAsync("team/app", id, [Digest("abcdefgh"u8.ToArray())], Ct));
        // Completed: the upload is gone.
        await AwsAssert.RefusedAsync(() => api.Push.UploadPartAsync("team/app", id, 8, 8, "i"u8.ToArray(), Ct), "UploadNotFoundException");
    }

    [Fact]
    public async Task CompleteLayerUpload_ChecksTheDigestAndWhatIsThere()
    {
        await using var api = await StartAsync();
        var empty = await api.Push.InitiateUploadAsync("team/app", Ct);
        await AwsAssert.RefusedAsync(() => api.Push.CompleteUploadAsync("team/app", empty, [Digest("x"u8.ToArray())], Ct), "EmptyUploadException");

        var wrong = await api.Push.InitiateUploadAsync("team/app", Ct);
        await api.Push.UploadPartAsync("team/app", wrong, 0, 2, "abc"u8.ToArray(), Ct);
        await AwsAssert.RefusedAsync(() => api.Push.CompleteUploadAsync("team/app", wrong, [Digest("abd"u8.ToArray())], Ct), "InvalidLayerException", "does not match");
        Assert.Null((await api.Push.CheckLayersAsync("team/app", [Digest("abd"u8.ToArray())], Ct)).Single().Size);
        await AwsAssert.RefusedAsync(() => api.Push.CompleteUploadAsync("team/app", wrong, [Digest("abc"u8.ToArray())], Ct), "UploadNotFoundException");

        var bad = await api.Push.InitiateUploadAsync("team/app", Ct);
        await AwsAssert.RefusedAsync(() => api.Push.CompleteUploadAsync("team/app", bad, ["sha512:" + new string('a', 128)], Ct), "InvalidLayerException", "sha256");
        await AwsAssert.RefusedAsync(() => api.Push.CompleteUploadAsync("team/app", bad, ["nonsense"], Ct), "InvalidParameterException");
        await AwsAssert.RefusedAsync(() => api.Push.CompleteUploadAsync("team/app", bad, [], Ct), "InvalidParameterException");

        await UploadAsync(api.Push, "abc"u8.ToArray());
        await AwsAssert.RefusedAsync(() => UploadAsync(api.Push, "abc"u8.ToArray()), "LayerAlreadyExistsException");
    }

    [Fact]
    public async Task PutImage_RefusesWhatECRRefuses()
    {
        await using var api = await StartAsync();
        var manifest = await PushedManifestAsync(api.Push, "p");
        var missing = Manifest(Digest("nope"u8.ToArray()), 4, Digest("gone"u8.ToArray()), 4);
        await AwsAssert.RefusedAsync(() => api.Push.PutImageAsync("team/app", missing, null, "x", null, Ct), "LayersNotFoundException", "do not exist");
        await AwsAssert.RefusedAsync(() => api.Push.PutImageAsync("team/app", manifest, null, "x", "sha256:" + new string('1', 64), Ct), "ImageDigestDoesNotMatchException");
        await AwsAssert.RefusedAsync(() => api.Push.PutImageAsync("team/app", manifest, OciManifest, "x", null, Ct), "InvalidParameterException", "imageManifestMediaType");
        await AwsAssert.RefusedAsync(() => api.Push.PutImageAsync("team/app", "{not json", null, "x", null, Ct), "InvalidParameterException", "Invalid JSON");
        await AwsAssert.RefusedAsync(() => api.Push.PutImageAsync("team/app", """{"schemaVersion":1,"name":"a"}""", null, "x", null, Ct), "InvalidParameterException", "schema 1");
        await AwsAssert.RefusedAsync(() => api.Push.PutImageAsync("team/app", manifest, null, "bad tag!", null, Ct), "InvalidParameterException", "imageTag");
        await AwsAssert.RefusedAsync(() => api.Push.PutImageAsync("team/app", "", null, "x", null, Ct), "InvalidParameterException");
        await AwsAssert.RefusedAsync(() => api.Push.PutImageAsync("team/none", manifest, null, "x", null, Ct), "RepositoryNotFoundException");
        var index = $$"""{"schemaVersion":2,"mediaType":"{{OciIndex}}","manifests":[{{Descriptor(OciManifest, "sha256:" + new string('2', 64), 10)}}]}""";
        await AwsAssert.RefusedAsync(() => api.Push.PutImageAsync("team/app", index, null, "idx", null, Ct), "ReferencedImagesNotFoundException");
        Assert.Empty(await api.Repos.ImagesAsync("team/app", Ct));

        // By digest, then a tag on it; the same again is ImageAlreadyExistsException.
        var byDigest = await api.Push.PutImageAsync("team/app", manifest, null, null, Digest(manifest), Ct);
        Assert.Null(byDigest.Tag);
        await AwsAssert.RefusedAsync(() => api.Push.PutImageAsync("team/app", manifest, null, null, null, Ct), "ImageAlreadyExistsException");
        await api.Push.PutImageAsync("team/app", manifest, DockerManifest, "v1", Digest(manifest), Ct);
        Assert.Equal(["v1"], (await api.Repos.ImagesAsync("team/app", Ct)).Single().Value.Tags);
    }

    [Fact]
    public async Task PutImage_OnAnImmutableTagHeldElsewhere_IsImageTagAlreadyExists()
    {
        await using var api = await StartAsync();
        await api.Repos.SetMutabilityAsync("team/app", "IMMUTABLE", Ct);
        var first = await PushedManifestAsync(api.Push, "first");
        var second = await PushedManifestAsync(api.Push, "second");
        await api.Push.PutImageAsync("team/app", first, null, "v1", null, Ct);
        await AwsAssert.RefusedAsync(() => api.Push.PutImageAsync("team/app", second, null, "v1", null, Ct), "ImageTagAlreadyExistsException", "immutable");
        await AwsAssert.RefusedAsync(() => api.Push.PutImageAsync("team/app", first, null, "v1", null, Ct), "ImageAlreadyExistsException");
        var only = (await api.Repos.ImagesAsync("team/app", Ct)).Single().Value;
        Assert.Equal((Digest(first), "v1"), (only.Digest, only.Tags.Single()));
    }

    [Fact]
    public async Task GetDownloadUrlForLayer_IsAPlainGetForThatBlobOnly()
    {
        await using var api = await StartAsync();
        var layer = "the layer's bytes"u8.ToArray();
        var other = "another layer"u8.ToArray();
        var digest = await UploadAsync(api.Push, layer);
        var otherDigest = await UploadAsync(api.Push, other);
        string url, otherUrl;
        using (Caller.Use(Root))
        {
            url = await api.Push.DownloadUrlAsync("team/app", digest, Ct);
            otherUrl = await api.Push.DownloadUrlAsync("team/app", otherDigest, Ct);
            await AwsAssert.RefusedAsync(() => api.Push.DownloadUrlAsync("team/app", "sha256:" + new string('3', 64), Ct), "LayersNotFoundException");
            await AwsAssert.RefusedAsync(() => api.Push.DownloadUrlAsync("team/app", "garbage", Ct), "InvalidParameterException");
        }
        using var anonymous = new HttpClient();
        using (var get = await anonymous.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Equal(layer, await get.Content.ReadAsByteArrayAsync());
        }
        // The token is for that blob: on another blob's path, or as a registry password, it is refused.
        var token = new Uri(url).Query.Split('=', 2)[1];
        var swapped = otherUrl.Split('?')[0] + "?" + RegistryTokens.DownloadTokenParameter + "=" + token;
        using (var get = await anonymous.GetAsync(swapped))
            Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
        using (var get = await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Delete, url)))
            Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
        using var asPassword = api.Host.NewClient("AWS", Uri.UnescapeDataString(token));
        using (var get = await asPassword.GetAsync($"/v2/team/app/blobs/{digest}"))
            Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);

        // A layer whose content is gone from the store is LayerInaccessibleException.
        File.Delete(Path.Combine(api.Host.RootDirectory, "blobs", "sha256", digest[7..9], digest[7..]));
        using (Caller.Use(Root))
            await AwsAssert.RefusedAsync(() => api.Push.DownloadUrlAsync("team/app", digest, Ct), "LayerInaccessibleException");
    }

    [Fact]
    public async Task Uploads_AreBoundedInNumberAndSize()
    {
        await using var api = await StartAsync(o => o with { MaxUploads = 2, MaxUploadBytes = 10 });
        var a = await api.Push.InitiateUploadAsync("team/app", Ct);
        await api.Push.InitiateUploadAsync("team/app", Ct);
        await AwsAssert.RefusedAsync(() => api.Push.InitiateUploadAsync("team/app", Ct), "LimitExceededException", "too many");
        // Over the size bound: refused, and the upload keeps what it had.
        await api.Push.UploadPartAsync("team/app", a, 0, 5, "012345"u8.ToArray(), Ct);
        await AwsAssert.RefusedAsync(() => api.Push.UploadPartAsync("team/app", a, 6, 10, "67890"u8.ToArray(), Ct), "LimitExceededException", "limit of 10 bytes");
        Assert.Equal(9, await api.Push.UploadPartAsync("team/app", a, 6, 9, "6789"u8.ToArray(), Ct));
        // /v2/ shares the bound.
        using var post = await api.Host.Client.PostAsync("/v2/team/app/blobs/uploads/", null);
        await AssertErrorAsync(post, (HttpStatusCode)429, "TOOMANYREQUESTS");
        // Completing one makes room again.
        await api.Push.CompleteUploadAsync("team/app", a, [Digest("0123456789"u8.ToArray())], Ct);
        await api.Push.InitiateUploadAsync("team/app", Ct);
    }

    [Fact]
    public async Task Uploads_IdleTooLong_ExpireAndMakeRoom()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var api = await StartAsync(o => o with { MaxUploads = 1, UploadExpiry = TimeSpan.FromHours(1) }, clock);
        var id = await api.Push.InitiateUploadAsync("team/app", Ct);
        await api.Push.UploadPartAsync("team/app", id, 0, 0, "a"u8.ToArray(), Ct);
        clock.Advance(TimeSpan.FromMinutes(59));
        await api.Push.UploadPartAsync("team/app", id, 1, 1, "b"u8.ToArray(), Ct);
        clock.Advance(TimeSpan.FromMinutes(61));
        await AwsAssert.RefusedAsync(() => api.Push.UploadPartAsync("team/app", id, 2, 2, "c"u8.ToArray(), Ct), "UploadNotFoundException", "expired");
        Assert.Equal(0, Directory.EnumerateDirectories(Path.Combine(api.Host.RootDirectory, "uploads")).Count(d => Path.GetFileName(d).Length == 32));
        await api.Push.InitiateUploadAsync("team/app", Ct);
    }

    [Fact]
    public async Task Uploads_LeavingTooLittleFreeDisk_AreRefused()
    {
        await using var api = await StartAsync(o => o with { MinFreeBytes = long.MaxValue / 2 });
        var id = await api.Push.InitiateUploadAsync("team/app", Ct);
        await AwsAssert.RefusedAsync(() => api.Push.UploadPartAsync("team/app", id, 0, 2, "abc"u8.ToArray(), Ct), "LimitExceededException", "nearly full");
        Assert.Equal(0, await api.Host.Services.GetRequiredService<IRegistryContent>().UploadSizeAsync("team/app", id.Replace("-", ""), Ct));
    }
}
