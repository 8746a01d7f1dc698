using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using static Berth.Ecr.Registry.Tests.RegistryClient;

namespace Berth.Ecr.Registry.Tests;

public sealed class BlobTests
{
    static byte[] Bytes(int n, int seed = 1)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    static int BlobFiles(RegistryHost host) =>
        Directory.EnumerateFiles(Path.Combine(host.RootDirectory, "blobs"), "*", SearchOption.AllDirectories).Count();

    [Fact]
    public async Task Push_Monolithic_Returns201AndBlobIsReadable()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("team/app");
        var data = Bytes(100_000);
        var digest = Digest(data);
        using var post = await host.Client.PostAsync($"/v2/team/app/blobs/uploads/?digest={digest}", new ByteArrayContent(data));
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        Assert.Equal($"/v2/team/app/blobs/{digest}", post.Headers.Location!.OriginalString);
        Assert.Equal(digest, post.Header("Docker-Content-Digest"));

        using var head = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/team/app/blobs/{digest}"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(data.Length, head.Content.Headers.ContentLength);
        Assert.Equal("application/octet-stream", head.Content.Headers.ContentType!.MediaType);
        Assert.Equal(digest, head.Header("Docker-Content-Digest"));

        using var get = await host.Client.GetAsync($"/v2/team/app/blobs/{digest}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(data, await get.Content.ReadAsByteArrayAsync());
        Assert.True(File.Exists(Path.Combine(host.RootDirectory, "blobs", "sha256", digest[7..9], digest[7..])));
    }

    [Fact]
    public async Task Push_Chunked_WithStatusAndLastChunkOnPut()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("app");
        var data = Bytes(300_000);
        var digest = Digest(data);

        using var start = await host.Client.PostAsync("/v2/app/blobs/uploads/", null);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        Assert.Equal("0-0", start.Header("Range"));
        var location = start.Headers.Location!.OriginalString;
        Assert.StartsWith("/v2/app/blobs/uploads/", location);
        Assert.Equal(location.Split('/')[^1], start.Header("Docker-Upload-UUID"));

        using var chunk1 = await Patch(host.Client, location, data[..100_000], "0-99999");
        Assert.Equal(HttpStatusCode.Accepted, chunk1.StatusCode);
        Assert.Equal("0-99999", chunk1.Header("Range"));

        // No Content-Range: appended where the upload ends.
        using var chunk2 = await Patch(host.Client, chunk1.Headers.Location!.OriginalString, data[100_000..200_000], null);
        Assert.Equal(HttpStatusCode.Accepted, chunk2.StatusCode);
        Assert.Equal("0-199999", chunk2.Header("Range"));

        using var status = await host.Client.GetAsync(location);
        Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
        Assert.Equal("0-199999", status.Header("Range"));

        using var put = await host.Client.PutAsync($"{location}?digest={digest}", new ByteArrayContent(data[200_000..]));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal($"/v2/app/blobs/{digest}", put.Headers.Location!.OriginalString);
        Assert.Equal(digest, put.Header("Docker-Content-Digest"));

        Assert.Equal(data, await host.Client.GetByteArrayAsync($"/v2/app/blobs/{digest}"));
        using var gone = await host.Client.GetAsync(location);
        await AssertErrorAsync(gone, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
    }

    static Task<HttpResponseMessage> Patch(HttpClient client, string location, byte[] chunk, string? range)
    {
        var content = new ByteArrayContent(chunk);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = content };
        if (range is not null)
            content.Headers.TryAddWithoutValidation("Content-Range", range);
        return client.SendAsync(request);
    }

    [Fact]
    public async Task Patch_OutOfOrder_Returns416AndKeepsTheUpload()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("app");
        using var start = await host.Client.PostAsync("/v2/app/blobs/uploads/", null);
        var location = start.Headers.Location!.OriginalString;
        using var first = await Patch(host.Client, location, Bytes(10), "0-9");
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        using var skip = await Patch(host.Client, location, Bytes(10), "20-29");
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, skip.StatusCode);
        Assert.Equal("0-9", skip.Header("Range"));
        using var again = await Patch(host.Client, location, Bytes(10), "0-9");
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, again.StatusCode);
        using var status = await host.Client.GetAsync(location);
        Assert.Equal("0-9", status.Header("Range"));
    }

    [Fact]
    public async Task Upload_Cancel_Returns204AndForgetsIt()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("app");
        using var start = await host.Client.PostAsync("/v2/app/blobs/uploads/", null);
        var location = start.Headers.Location!.OriginalString;
        using var chunk = await Patch(host.Client, location, Bytes(1000), null);
        using var cancel = await host.Client.DeleteAsync(location);
        Assert.Equal(HttpStatusCode.NoContent, cancel.StatusCode);
        using var status = await host.Client.GetAsync(location);
        await AssertErrorAsync(status, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        using var cancelAgain = await host.Client.DeleteAsync(location);
        await AssertErrorAsync(cancelAgain, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(host.RootDirectory, "uploads")));
    }

    [Fact]
    public async Task Upload_OfAnotherRepositoryOrUnknown_IsBlobUploadUnknown()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("app");
        await host.CreateRepositoryAsync("other");
        using var start = await host.Client.PostAsync("/v2/app/blobs/uploads/", null);
        var id = start.Header("Docker-Upload-UUID");
        using var foreign = await host.Client.GetAsync($"/v2/other/blobs/uploads/{id}");
        await AssertErrorAsync(foreign, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        using var bogus = await host.Client.GetAsync("/v2/app/blobs/uploads/..%2F..%2Fetc");
        Assert.Equal(HttpStatusCode.NotFound, bogus.StatusCode);
        using var unknown = await host.Client.GetAsync($"/v2/app/blobs/uploads/{Guid.NewGuid():N}");
        await AssertErrorAsync(unknown, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
    }

    [Fact]
    public async Task Push_DigestMismatch_ReturnsDigestInvalidAndStoresNothing()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("app");
        var data = Bytes(5000);
        var wrong = Digest(Bytes(5000, seed: 2));

        using var mono = await host.Client.PostAsync($"/v2/app/blobs/uploads/?digest={wrong}", new ByteArrayContent(data));
        await AssertErrorAsync(mono, HttpStatusCode.BadRequest, "DIGEST_INVALID");

        using var start = await host.Client.PostAsync("/v2/app/blobs/uploads/", null);
        var location = start.Headers.Location!.OriginalString;
        using var chunk = await Patch(host.Client, location, data, null);
        using var put = await host.Client.PutAsync($"{location}?digest={wrong}", null);
        await AssertErrorAsync(put, HttpStatusCode.BadRequest, "DIGEST_INVALID");

        Assert.Equal(0, BlobFiles(host));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(host.RootDirectory, "uploads")));
        using var head = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/app/blobs/{wrong}"));
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        using var get = await host.Client.GetAsync($"/v2/app/blobs/{Digest(data)}");
        await AssertErrorAsync(get, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Put_UnsupportedOrMissingDigest_IsDigestInvalid()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("app");
        using var start = await host.Client.PostAsync("/v2/app/blobs/uploads/", null);
        var location = start.Headers.Location!.OriginalString;
        using var none = await host.Client.PutAsync(location, null);
        await AssertErrorAsync(none, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        using var sha512 = await host.Client.PutAsync($"{location}?digest=sha512:{new string('a', 128)}", null);
        await AssertErrorAsync(sha512, HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    [Fact]
    public async Task Push_SameBlobConcurrently_AllSucceed()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("app");
        await host.CreateRepositoryAsync("app2");
        var data = Bytes(2_000_000);
        var digest = Digest(data);
        async Task<HttpStatusCode> PushChunked(string repo)
        {
            using var start = await host.Client.PostAsync($"/v2/{repo}/blobs/uploads/", null);
            var location = start.Headers.Location!.OriginalString;
            using var chunk = await Patch(host.Client, location, data, null);
            using var put = await host.Client.PutAsync($"{location}?digest={digest}", null);
            return put.StatusCode;
        }
        async Task<HttpStatusCode> PushMonolithic(string repo)
        {
            using var post = await host.Client.PostAsync($"/v2/{repo}/blobs/uploads/?digest={digest}", new ByteArrayContent(data));
            return post.StatusCode;
        }
        var results = await Task.WhenAll(
            PushChunked("app"), PushChunked("app"), PushMonolithic("app"), PushChunked("app2"), PushMonolithic("app2"), PushMonolithic("app"));
        Assert.All(results, s => Assert.Equal(HttpStatusCode.Created, s));
        Assert.Equal(1, BlobFiles(host));
        Assert.Equal(data, await host.Client.GetByteArrayAsync($"/v2/app/blobs/{digest}"));
        Assert.Equal(data, await host.Client.GetByteArrayAsync($"/v2/app2/blobs/{digest}"));
    }

    [Fact]
    public async Task Mount_FromRepositoryHoldingTheBlob_Returns201()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("src/app");
        await host.CreateRepositoryAsync("dst");
        var digest = await host.Client.PushBlobAsync("src/app", Encoding.UTF8.GetBytes("layer"));

        using var before = await host.Client.GetAsync($"/v2/dst/blobs/{digest}");
        await AssertErrorAsync(before, HttpStatusCode.NotFound, "BLOB_UNKNOWN");

        using var mount = await host.Client.PostAsync($"/v2/dst/blobs/uploads/?mount={digest}&from=src/app", null);
        Assert.Equal(HttpStatusCode.Created, mount.StatusCode);
        Assert.Equal($"/v2/dst/blobs/{digest}", mount.Headers.Location!.OriginalString);
        Assert.Equal(digest, mount.Header("Docker-Content-Digest"));
        Assert.Equal("layer", await host.Client.GetStringAsync($"/v2/dst/blobs/{digest}"));
    }

    [Theory]
    [InlineData("src/app", true)]
    [InlineData("nope", false)]
    [InlineData("NOT VALID", false)]
    public async Task Mount_WhenTheBlobIsNotThere_FallsBackToAnUpload(string from, bool createFrom)
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("dst");
        if (createFrom)
            await host.CreateRepositoryAsync(from);
        var digest = Digest("never pushed");
        using var mount = await host.Client.PostAsync($"/v2/dst/blobs/uploads/?mount={digest}&from={Uri.EscapeDataString(from)}", null);
        Assert.Equal(HttpStatusCode.Accepted, mount.StatusCode);
        Assert.Equal("0-0", mount.Header("Range"));
        Assert.StartsWith("/v2/dst/blobs/uploads/", mount.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Mount_FromARepositoryNotHoldingIt_DoesNotLeakOtherRepositoriesBlobs()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("secret");
        await host.CreateRepositoryAsync("empty");
        await host.CreateRepositoryAsync("dst");
        var digest = await host.Client.PushBlobAsync("secret", Encoding.UTF8.GetBytes("private"));
        using var mount = await host.Client.PostAsync($"/v2/dst/blobs/uploads/?mount={digest}&from=empty", null);
        Assert.Equal(HttpStatusCode.Accepted, mount.StatusCode);
        using var get = await host.Client.GetAsync($"/v2/dst/blobs/{digest}");
        await AssertErrorAsync(get, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Theory]
    [InlineData("bytes=0-9", 206, 0, 10)]
    [InlineData("bytes=10-", 206, 10, 90)]
    [InlineData("bytes=-5", 206, 95, 5)]
    [InlineData("bytes=90-1000", 206, 90, 10)]
    [InlineData("bytes=100-", 416, 0, 0)]
    [InlineData("bytes=5-2", 416, 0, 0)]
    public async Task Get_Range_Returns206OrUnsatisfiable(string range, int status, int offset, int length)
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("app");
        var data = Bytes(100);
        var digest = await host.Client.PushBlobAsync("app", data);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/app/blobs/{digest}");
        request.Headers.TryAddWithoutValidation("Range", range);
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(status, (int)response.StatusCode);
        if (status == 206)
        {
            Assert.Equal(data[offset..(offset + length)], await response.Content.ReadAsByteArrayAsync());
            Assert.Equal($"bytes {offset}-{offset + length - 1}/100", response.Content.Headers.ContentRange!.ToString());
        }
        else
        {
            Assert.Equal("bytes */100", response.Content.Headers.ContentRange!.ToString());
        }
    }

    [Fact]
    public async Task Delete_Blob_Returns202AndUnlinksOnlyFromThatRepository()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("a");
        await host.CreateRepositoryAsync("b");
        var data = Encoding.UTF8.GetBytes("shared");
        var digest = await host.Client.PushBlobAsync("a", data);
        await host.Client.PushBlobAsync("b", data);
        using var delete = await host.Client.DeleteAsync($"/v2/a/blobs/{digest}");
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        using var gone = await host.Client.GetAsync($"/v2/a/blobs/{digest}");
        await AssertErrorAsync(gone, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        Assert.Equal("shared", await host.Client.GetStringAsync($"/v2/b/blobs/{digest}"));
        using var again = await host.Client.DeleteAsync($"/v2/a/blobs/{digest}");
        await AssertErrorAsync(again, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Push_BlobLargerThanKestrelDefaultLimit_Succeeds()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("big");
        var data = Bytes(40 * 1024 * 1024, seed: 7);
        var digest = Digest(data);
        using var start = await host.Client.PostAsync("/v2/big/blobs/uploads/", null);
        var location = start.Headers.Location!.OriginalString;
        using var chunk = await Patch(host.Client, location, data, null);
        Assert.Equal(HttpStatusCode.Accepted, chunk.StatusCode);
        using var put = await host.Client.PutAsync($"{location}?digest={digest}", null);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        using var head = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/big/blobs/{digest}"));
        Assert.Equal(data.Length, head.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Blobs_SurviveARestart()
    {
        var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("app");
        var digest = await host.Client.PushBlobAsync("app", Encoding.UTF8.GetBytes("persistent"));
        using var start = await host.Client.PostAsync("/v2/app/blobs/uploads/", null);
        var location = start.Headers.Location!.OriginalString;
        using var chunk = await Patch(host.Client, location, Encoding.UTF8.GetBytes("half"), null);

        // A second registry over the same directory (as after a restart): links and uploads are on disk.
        var services = new ServiceCollection()
            .AddLogging()
            .AddBerthRegistry(new RegistryOptions { RootDirectory = host.RootDirectory })
            .BuildServiceProvider();
        var blobs = (Storage.BlobStore)services.GetService(typeof(Storage.BlobStore))!;
        Assert.Equal(10, blobs.LinkedBlobSize("app", digest));
        var uploads = (Storage.UploadStore)services.GetService(typeof(Storage.UploadStore))!;
        var id = location.Split('/')[^1];
        Assert.Equal(4, uploads.Size("app", id));
        var full = Encoding.UTF8.GetBytes("half+rest");
        await uploads.CompleteAsync("app", id, new MemoryStream(Encoding.UTF8.GetBytes("+rest")), Digest(full), CancellationToken.None);
        Assert.Equal(full.Length, blobs.LinkedBlobSize("app", Digest(full)));
        await host.DisposeAsync();
    }
}
