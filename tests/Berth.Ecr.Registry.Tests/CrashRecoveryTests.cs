using System.Net;
using System.Security.Cryptography;

namespace Berth.Ecr.Registry.Tests;

/// <summary>The real berthd killed with SIGKILL in the middle of a blob upload, then started again on its data.</summary>
public sealed class CrashRecoveryTests(Xunit.Abstractions.ITestOutputHelper output)
{
    const int BlobSize = 20 * 1024 * 1024;
    const int FirstPatch = 6 * 1024 * 1024;
    const int StreamedBeforeKill = 4 * 1024 * 1024;

    /// <summary>A PATCH body that sends <c>streamed</c> bytes, then stalls until the request is torn down.</summary>
    sealed class StallingContent(byte[] bytes, int offset, int streamed, int total) : HttpContent
    {
        public TaskCompletionSource Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken ct)
        {
            await stream.WriteAsync(bytes.AsMemory(offset, streamed), ct);
            await stream.FlushAsync(ct);
            Sent.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            await stream.WriteAsync(bytes.AsMemory(offset + streamed, total - streamed), ct);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = total;
            return true;
        }
    }

    [Fact]
    public async Task Push_KilledMidUpload_StoreStaysConsistent()
    {
        await using var berthd = new BerthdProcess();
        await berthd.StartAsync();
        const string repo = "crash/blob";
        (await berthd.EcrAsync("CreateRepository", $$"""{"repositoryName":"{{repo}}"}""")).Dispose();
        var blob = RandomNumberGenerator.GetBytes(BlobSize);
        var digest = RegistryClient.Digest(blob);
        var hex = digest["sha256:".Length..];

        using (var client = await berthd.RegistryClientAsync())
        {
            var location = await client.StartAsync(repo);
            location = await client.PatchAsync(location, blob, 0, FirstPatch);
            var id = location.TrimEnd('/').Split('/')[^1].Split('?')[0];
            var data = Path.Combine(berthd.UploadsDirectory, id, "data");
            Assert.Equal(FirstPatch, new FileInfo(data).Length);

            var stalling = new StallingContent(blob, FirstPatch, StreamedBeforeKill, BlobSize - FirstPatch);
            using var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = stalling };
            request.Headers.TryAddWithoutValidation("Content-Range", $"{FirstPatch}-{BlobSize - 1}");
            using var abandon = new CancellationTokenSource();
            var patch = client.SendAsync(request, abandon.Token);
            await stalling.Sent.Task.WaitAsync(TimeSpan.FromSeconds(30));
            // Kill only once the server is visibly writing the second chunk.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (new FileInfo(data).Length <= FirstPatch)
            {
                Assert.True(DateTime.UtcNow < deadline, "the second PATCH never reached the upload file");
                await Task.Delay(20);
            }
            Assert.False(patch.IsCompleted);
            await berthd.KillAsync();
            // SocketsHttpHandler does not surface the reset while our body is stalled: release it, then the PATCH must
            // have failed (never answered 202).
            await abandon.CancelAsync();
            var failed = await Record.ExceptionAsync(() => patch.WaitAsync(TimeSpan.FromSeconds(10)));
            output.WriteLine($"PATCH after SIGKILL: {failed?.GetType().Name}: {failed?.Message}");
            Assert.True(failed is HttpRequestException or OperationCanceledException, $"PATCH outcome: {failed}");
        }

        var restart = System.Diagnostics.Stopwatch.StartNew();
        await berthd.StartAsync();
        output.WriteLine($"restarted in {restart.ElapsedMilliseconds} ms");
        using var after = await berthd.RegistryClientAsync();
        using (var head = await after.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/{repo}/blobs/{digest}")))
            Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        using (var get = await after.GetAsync($"/v2/{repo}/blobs/{digest}"))
            await RegistryClient.AssertErrorAsync(get, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        var files = Directory.EnumerateFiles(berthd.BlobsDirectory, "*", SearchOption.AllDirectories).ToList();
        Assert.DoesNotContain(files, f => Path.GetFileName(f).StartsWith(hex, StringComparison.Ordinal));

        Assert.Equal(digest, await after.PushChunkedAsync(repo, blob, 8 * 1024 * 1024));
        using var pulled = await after.GetAsync($"/v2/{repo}/blobs/{digest}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, pulled.StatusCode);
        Assert.Equal(BlobSize, pulled.Content.Headers.ContentLength);
        await using var body = await pulled.Content.ReadAsStreamAsync();
        Assert.Equal(SHA256.HashData(blob), await SHA256.HashDataAsync(body));
        Assert.True(File.Exists(Path.Combine(berthd.BlobsDirectory, "sha256", hex[..2], hex)));
    }
}
