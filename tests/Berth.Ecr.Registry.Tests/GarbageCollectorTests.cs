using System.Text;
using Berth.Kernel.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Berth.Ecr.Registry.Tests.RegistryClient;

namespace Berth.Ecr.Registry.Tests;

public sealed class GarbageCollectorTests
{
    static string BlobPath(RegistryHost host, string digest) =>
        Path.Combine(host.RootDirectory, "blobs", "sha256", digest[7..9], digest[7..]);

    static void Age(string path) => File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-2));

    [Fact]
    public async Task Collect_DeletesOnlyOldUnreferencedBlobs()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("team/app");
        var referenced = await host.Client.PushBlobAsync("team/app", Encoding.UTF8.GetBytes("kept: linked"));
        var manifest = await host.Client.PushImageAsync("team/app", "latest", "kept: image layer");
        var young = await host.Client.PushBlobAsync("team/app", Encoding.UTF8.GetBytes("kept: young"));
        var old = await host.Client.PushBlobAsync("team/app", Encoding.UTF8.GetBytes("collected: old and unlinked"));
        (await host.Client.DeleteAsync($"/v2/team/app/blobs/{young}")).Dispose();
        (await host.Client.DeleteAsync($"/v2/team/app/blobs/{old}")).Dispose();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(host.RootDirectory, "blobs"), "*", SearchOption.AllDirectories))
        {
            if (file != BlobPath(host, young))
                Age(file);
        }

        var gc = host.Services.GetRequiredService<BlobGarbageCollector>();
        Assert.Equal(1, await gc.CollectAsync(CancellationToken.None));

        Assert.False(File.Exists(BlobPath(host, old)));
        Assert.True(File.Exists(BlobPath(host, young)));
        Assert.True(File.Exists(BlobPath(host, referenced)));
        Assert.True(File.Exists(BlobPath(host, manifest)));
        using var pull = await host.Client.GetAsync("/v2/team/app/manifests/latest");
        Assert.Equal(System.Net.HttpStatusCode.OK, pull.StatusCode);
        Assert.Equal(0, await gc.CollectAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Collect_AfterManifestDelete_CollectsTheManifestButNotSharedLayers()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("a");
        await host.CreateRepositoryAsync("b");
        var manifest = await host.Client.PushImageAsync("a", "latest", "layer");
        (await host.Client.DeleteAsync($"/v2/a/manifests/{manifest}")).Dispose();
        await host.Client.PushBlobAsync("b", Encoding.UTF8.GetBytes("layer"));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(host.RootDirectory, "blobs"), "*", SearchOption.AllDirectories))
            Age(file);
        var gc = host.Services.GetRequiredService<BlobGarbageCollector>();
        Assert.Equal(1, await gc.CollectAsync(CancellationToken.None));
        Assert.False(File.Exists(BlobPath(host, manifest)));
        Assert.Equal("layer", await host.Client.GetStringAsync($"/v2/b/blobs/{Digest("layer")}"));
    }

    [Fact]
    public async Task Collect_PurgesAbandonedUploads()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("app");
        using var stale = await host.Client.PostAsync("/v2/app/blobs/uploads/", null);
        using var fresh = await host.Client.PostAsync("/v2/app/blobs/uploads/", null);
        var staleDir = Path.Combine(host.RootDirectory, "uploads", stale.Header("Docker-Upload-UUID"));
        File.SetLastWriteTimeUtc(Path.Combine(staleDir, "data"), DateTime.UtcNow.AddDays(-2));
        await host.Services.GetRequiredService<BlobGarbageCollector>().CollectAsync(CancellationToken.None);
        Assert.False(Directory.Exists(staleDir));
        using var status = await host.Client.GetAsync(fresh.Headers.Location!.OriginalString);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, status.StatusCode);
    }
}

public sealed class GarbageCollectorLinkTests
{
    [Fact]
    public async Task Collect_DeletedRepositoryAndDeletedImage_LoseTheirLinks()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("gone");
        await host.CreateRepositoryAsync("kept");
        var layer = await host.Client.PushBlobAsync("gone", Encoding.UTF8.GetBytes("orphan"));
        var manifest = await host.Client.PushImageAsync("kept", "latest", "kept layer");
        var removed = await host.Client.PushImageAsync("kept", "old", "old layer");

        // As the ECR API does: records deleted from the store, files left to the collector.
        var repo = await host.Store.GetAsync(EcrKinds.Repositories, "gone", CancellationToken.None);
        await host.Store.CommitAsync(StoreWrite.Delete(EcrKinds.Repositories, "gone", repo!.Version), CancellationToken.None);
        var image = await host.Store.GetAsync(EcrKinds.Images, $"kept@{removed}", CancellationToken.None);
        await host.Store.CommitAsync(StoreWrite.Delete(EcrKinds.Images, $"kept@{removed}", image!.Version), CancellationToken.None);
        foreach (var file in Directory.EnumerateFiles(host.RootDirectory, "*", SearchOption.AllDirectories))
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-2));

        var gc = host.Services.GetRequiredService<BlobGarbageCollector>();
        var deleted = await gc.CollectAsync(CancellationToken.None);

        // The orphan layer, and the removed image's manifest, config and layer: nothing in "kept" references them.
        Assert.Equal(4, deleted);
        Assert.False(Directory.Exists(Path.Combine(host.RootDirectory, "repositories", "gone", "_layers")));
        await host.CreateRepositoryAsync("gone");
        using var recreated = await host.Client.GetAsync($"/v2/gone/blobs/{layer}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, recreated.StatusCode);
        using var pull = await host.Client.GetAsync("/v2/kept/manifests/latest");
        Assert.Equal(manifest, pull.Headers.GetValues("Docker-Content-Digest").Single());
    }
}
