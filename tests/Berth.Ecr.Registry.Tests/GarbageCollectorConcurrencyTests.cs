using System.Security.Cryptography;
using Berth.Ecr.Registry.Storage;
using Berth.Kernel.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Ecr.Registry.Tests;

/// <summary>The collector run in a loop, with a short grace period, while chunked pushes land in two repositories.</summary>
public sealed class GarbageCollectorConcurrencyTests
{
    [Fact]
    public async Task GarbageCollector_DuringConcurrentPushes_KeepsEveryLinkedBlob()
    {
        await using var host = await RegistryHost.StartAsync();
        string[] repos = ["gc/one", "gc/two"];
        foreach (var repo in repos)
            await host.CreateRepositoryAsync(repo);
        var sp = host.Services;
        // GracePeriod is init-only: a collector of our own over the host's stores. Blobs of pushes without a
        // manifest yet are protected by the grace period alone, so it outlasts the test's pushes.
        var gc = new BlobGarbageCollector(sp.GetRequiredService<BlobStore>(), sp.GetRequiredService<UploadStore>(),
            sp.GetRequiredService<IStateStore>(), TimeProvider.System, NullLogger<BlobGarbageCollector>.Instance)
        {
            GracePeriod = TimeSpan.FromSeconds(60),
        };
        var blobsDir = Path.Combine(host.RootDirectory, "blobs", "sha256");
        string BlobPath(string digest) => Path.Combine(blobsDir, digest[7..9], digest[7..]);

        // An orphan: pushed, unlinked, and older than the grace period.
        var orphanBytes = RandomNumberGenerator.GetBytes(64 * 1024);
        var orphan = await host.Client.PushBlobAsync("gc/one", orphanBytes);
        using (var unlink = await host.Client.DeleteAsync($"/v2/gc/one/blobs/{orphan}"))
            Assert.True(unlink.IsSuccessStatusCode, $"DELETE blob: {(int)unlink.StatusCode}");
        File.SetLastWriteTimeUtc(BlobPath(orphan), DateTime.UtcNow.AddHours(-2));

        var shared = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        var pushes = new List<(string Repo, byte[] Bytes)>();
        for (var i = 0; i < 12; i++)
            pushes.Add((repos[i % 2], RandomNumberGenerator.GetBytes(512 * 1024 * (1 + i % 4) + i)));
        foreach (var repo in repos)
        {
            pushes.Add((repo, shared));
            pushes.Add((repo, shared));
        }

        using var stop = new CancellationTokenSource();
        var collections = 0;
        var deleted = 0;
        var collector = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Interlocked.Add(ref deleted, await gc.CollectAsync(CancellationToken.None));
                Interlocked.Increment(ref collections);
                await Task.Delay(5);
            }
        });
        var pushed = await Task.WhenAll(pushes.Select(p => Task.Run(async () =>
        {
            var digest = await host.Client.PushChunkedAsync(p.Repo, p.Bytes, 256 * 1024);
            return (p.Repo, Digest: digest);
        })));
        // Let the collector run a few more times over the finished pushes.
        var before = Volatile.Read(ref collections);
        while (Volatile.Read(ref collections) < before + 3)
            await Task.Delay(10);
        await stop.CancelAsync();
        await collector;

        Assert.True(collections > 3, $"only {collections} collections ran");
        Assert.Equal(1, deleted); // the orphan, and nothing a push linked
        Assert.False(File.Exists(BlobPath(orphan)));
        using (var gone = await host.Client.GetAsync($"/v2/gc/one/blobs/{orphan}"))
            await RegistryClient.AssertErrorAsync(gone, System.Net.HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        foreach (var (repo, digest) in pushed)
            await host.Client.AssertBlobAsync(repo, digest);

        // Linked blobs survive even when their files are old.
        foreach (var file in Directory.EnumerateFiles(blobsDir, "*", SearchOption.AllDirectories))
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-2));
        Assert.Equal(0, await gc.CollectAsync(CancellationToken.None));
        foreach (var (repo, digest) in pushed.Distinct())
            await host.Client.AssertBlobAsync(repo, digest);
        Assert.Equal(pushed.Select(p => p.Digest).Distinct().Count(), Directory.EnumerateFiles(blobsDir, "*", SearchOption.AllDirectories).Count());
    }
}
