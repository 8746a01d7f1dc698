using System.Net;
using System.Text.Json;
using static Berth.Ecr.Registry.Tests.RegistryClient;

namespace Berth.Ecr.Registry.Tests;

public sealed class ContentDiscoveryTests
{
    static List<string> Tags(string body)
    {
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToList();
    }

    [Fact]
    public async Task TagsList_PagesWithLinkHeader()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("team/app");
        var json = await host.Client.ImageManifestAsync("team/app", "l");
        foreach (var tag in new[] { "v3", "v1", "latest", "v2", "a" })
            (await host.Client.PutManifestAsync("team/app", tag, json)).Dispose();
        await host.Client.PushImageAsync("team/app", "other", "x");

        using var all = await host.Client.GetAsync("/v2/team/app/tags/list");
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        var body = await all.Content.ReadAsStringAsync();
        Assert.Equal(["a", "latest", "other", "v1", "v2", "v3"], Tags(body));
        Assert.Contains("\"name\":\"team/app\"", body);
        Assert.False(all.Headers.Contains("Link"));

        var seen = new List<string>();
        var next = "/v2/team/app/tags/list?n=4";
        var pages = 0;
        while (next is not null)
        {
            using var page = await host.Client.GetAsync(next);
            seen.AddRange(Tags(await page.Content.ReadAsStringAsync()));
            next = page.Headers.TryGetValues("Link", out var link) ? link.Single().Split('<', '>')[1] : null;
            pages++;
        }
        Assert.Equal(2, pages);
        Assert.Equal(["a", "latest", "other", "v1", "v2", "v3"], seen);

        using var last = await host.Client.GetAsync("/v2/team/app/tags/list?n=2&last=other");
        Assert.Equal(["v1", "v2"], Tags(await last.Content.ReadAsStringAsync()));
        Assert.Equal("</v2/team/app/tags/list?n=2&last=v2>; rel=\"next\"", last.Header("Link"));

        using var zero = await host.Client.GetAsync("/v2/team/app/tags/list?n=0");
        Assert.Empty(Tags(await zero.Content.ReadAsStringAsync()));
        using var huge = await host.Client.GetAsync("/v2/team/app/tags/list?n=100000");
        Assert.Equal(6, Tags(await huge.Content.ReadAsStringAsync()).Count);
        using var bad = await host.Client.GetAsync("/v2/team/app/tags/list?n=-1");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task TagsList_CapsAtOneThousand()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("many");
        var json = await host.Client.ImageManifestAsync("many", "l");
        await Parallel.ForEachAsync(Enumerable.Range(0, 1005), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            using var r = await host.Client.PutManifestAsync("many", $"t{i:D4}", json);
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        });
        using var page = await host.Client.GetAsync("/v2/many/tags/list?n=5000");
        Assert.Equal(1000, Tags(await page.Content.ReadAsStringAsync()).Count);
        Assert.Equal("</v2/many/tags/list?n=1000&last=t0999>; rel=\"next\"", page.Header("Link"));
    }

    [Fact]
    public async Task TagsList_EmptyRepository_ReturnsNoTags()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("empty");
        using var response = await host.Client.GetAsync("/v2/empty/tags/list");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(Tags(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Referrers_ListsManifestsWithThatSubject_FilteredByArtifactType()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("app");
        var subjectJson = await host.Client.ImageManifestAsync("app", "base");
        var subjectDigest = Digest(subjectJson);
        var subject = Descriptor(OciManifest, subjectDigest, System.Text.Encoding.UTF8.GetByteCount(subjectJson));

        // A referrer may be pushed before its subject.
        var sbom = await host.Client.ImageManifestAsync("app", "sbom", subject, "application/spdx+json", """{"org.example":"yes"}""");
        using var putSbom = await host.Client.PutManifestAsync("app", Digest(sbom), sbom);
        Assert.Equal(HttpStatusCode.Created, putSbom.StatusCode);
        Assert.Equal(subjectDigest, putSbom.Header("OCI-Subject"));
        var sig = await host.Client.ImageManifestAsync("app", "sig", subject, "application/vnd.example.signature");
        (await host.Client.PutManifestAsync("app", Digest(sig), sig)).Dispose();
        (await host.Client.PutManifestAsync("app", "latest", subjectJson)).Dispose();

        using var all = await host.Client.GetAsync($"/v2/app/referrers/{subjectDigest}");
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Equal(OciIndex, all.Content.Headers.ContentType!.MediaType);
        Assert.False(all.Headers.Contains("OCI-Filters-Applied"));
        using (var doc = JsonDocument.Parse(await all.Content.ReadAsStringAsync()))
        {
            Assert.Equal(2, doc.RootElement.GetProperty("schemaVersion").GetInt32());
            var manifests = doc.RootElement.GetProperty("manifests").EnumerateArray().ToList();
            Assert.Equal(2, manifests.Count);
            var sbomEntry = manifests.Single(m => m.GetProperty("digest").GetString() == Digest(sbom));
            Assert.Equal("application/spdx+json", sbomEntry.GetProperty("artifactType").GetString());
            Assert.Equal(OciManifest, sbomEntry.GetProperty("mediaType").GetString());
            Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(sbom), sbomEntry.GetProperty("size").GetInt64());
            Assert.Equal("yes", sbomEntry.GetProperty("annotations").GetProperty("org.example").GetString());
        }

        using var filtered = await host.Client.GetAsync($"/v2/app/referrers/{subjectDigest}?artifactType=application/vnd.example.signature");
        Assert.Equal("artifactType", filtered.Header("OCI-Filters-Applied"));
        using (var doc = JsonDocument.Parse(await filtered.Content.ReadAsStringAsync()))
        {
            var only = Assert.Single(doc.RootElement.GetProperty("manifests").EnumerateArray());
            Assert.Equal(Digest(sig), only.GetProperty("digest").GetString());
        }

        using var none = await host.Client.GetAsync($"/v2/app/referrers/{Digest("nothing")}");
        Assert.Equal(HttpStatusCode.OK, none.StatusCode);
        using (var doc = JsonDocument.Parse(await none.Content.ReadAsStringAsync()))
            Assert.Empty(doc.RootElement.GetProperty("manifests").EnumerateArray());

        using var bad = await host.Client.GetAsync("/v2/app/referrers/latest");
        await AssertErrorAsync(bad, HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }
}
