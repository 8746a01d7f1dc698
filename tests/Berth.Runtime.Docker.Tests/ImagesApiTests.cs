using Berth.Runtime.Docker.Engine;
using Xunit.Abstractions;

namespace Berth.Runtime.Docker.Tests;

[Trait("Requires", "Docker")]
public sealed class ImagesApiTests(DockerFixture fixture, ITestOutputHelper output) : DockerTestBase(fixture, output)
{
    [DockerFact]
    public async Task Build_BusyboxContext_ImageIsInspectableByTag()
    {
        if (Skipped())
        {
            return;
        }

        var image = await Engine.Images.InspectAsync(Image, Ct);

        Assert.NotNull(image);
        Assert.StartsWith("sha256:", image.Id);
        Assert.Equal(Fixture.ImageId, image.Id);
        Assert.Contains(Image, image.RepoTags ?? []);
        Assert.Equal("linux", image.Os);
        Assert.True(image.Size > 0);
    }

    [DockerFact]
    public async Task Build_MissingFileInContext_ThrowsWithEngineMessage()
    {
        if (Skipped())
        {
            return;
        }

        var tag = UniqueName("img") + ":broken";
        TrackImage(tag);
        using var context = new ImageContext().AddFile("Dockerfile", "FROM scratch\nCOPY not-in-context.txt /x\n").ToStream();

        var error = await Assert.ThrowsAsync<DockerEngineException>(() => Engine.Images.BuildAsync(context, tag, Ct));

        Output.WriteLine(error.Message);
        Assert.Contains("not-in-context.txt", error.Message);
        Assert.Null(await Engine.Images.InspectAsync(tag, Ct));
    }

    [DockerFact]
    public async Task Build_WithOptions_ReportsBuilderOutputAndUsesDockerfileAndArgs()
    {
        if (Skipped())
        {
            return;
        }

        var tag = UniqueName("img") + ":opts";
        TrackImage(tag);
        using var context = new ImageContext()
            .AddFile("build/app.Dockerfile", $"FROM {Image}\nARG GREETING\nRUN echo \"greeting=$GREETING\"\n")
            .ToStream();
        var lines = new List<string>();

        var id = await Engine.Images.BuildAsync(context, new ImageBuildOptions(tag, "build/app.Dockerfile", new Dictionary<string, string> { ["GREETING"] = "ahoy" }), new Inline(lines.Add), Ct);

        Assert.StartsWith("sha256:", id);
        Assert.Contains(lines, l => l.StartsWith("Step 1/3 : FROM", StringComparison.Ordinal));
        Assert.Contains(lines, l => l == "greeting=ahoy");
        Assert.NotNull(await Engine.Images.InspectAsync(tag, Ct));
    }

    [DockerFact]
    public async Task Build_FailingRun_ThrowsWithTheStepsError()
    {
        if (Skipped())
        {
            return;
        }

        var tag = UniqueName("img") + ":fails";
        TrackImage(tag);
        using var context = new ImageContext().AddFile("Dockerfile", $"FROM {Image}\nRUN exit 7\n").ToStream();

        var error = await Assert.ThrowsAsync<DockerEngineException>(() => Engine.Images.BuildAsync(context, new ImageBuildOptions(tag), null, Ct));

        Assert.Contains("returned a non-zero code: 7", error.Message);
    }

    [DockerFact]
    public async Task Tag_ExistingImage_AddsTheName()
    {
        if (Skipped())
        {
            return;
        }

        var repository = UniqueName("img") + "-tagged";
        TrackImage(repository + ":t1");

        await Engine.Images.TagAsync(Image, repository, "t1", Ct);

        Assert.Equal(Fixture.ImageId, (await Engine.Images.InspectAsync(repository + ":t1", Ct))!.Id);
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; would post to the thread pool and race the assertions).</summary>
    private sealed class Inline(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }

    [DockerFact]
    public async Task Inspect_MissingImage_ReturnsNull()
    {
        if (Skipped())
        {
            return;
        }

        Assert.Null(await Engine.Images.InspectAsync(UniqueName("img") + ":nope", Ct));
    }

    [DockerFact]
    public async Task Remove_MissingImage_IsNoOp()
    {
        if (Skipped())
        {
            return;
        }

        await Engine.Images.RemoveAsync(UniqueName("img") + ":nope", force: false, Ct);
    }

    [DockerFact]
    public async Task Import_RootfsTar_CreatesRunnableImageWithChanges()
    {
        if (Skipped())
        {
            return;
        }

        var repo = UniqueName("imported");
        TrackImage($"{repo}:v1");
        using var rootfs = DockerFixture.BusyboxContext(dockerfile: null).ToStream();

        var id = await Engine.Images.ImportAsync(
            rootfs,
            repo,
            "v1",
            ["ENV PATH=/bin", "ENV GREETING=imported", """CMD ["/bin/sh", "-c", "echo $GREETING"]"""],
            Ct);

        Assert.True(rootfs.CanRead, "the caller's stream is left open");
        var image = await Engine.Images.InspectAsync($"{repo}:v1", Ct);
        Assert.NotNull(image);
        Assert.Equal(id, image.Id);
        Assert.Contains($"{repo}:v1", image.RepoTags ?? []);

        var container = await CreateAsync(new ContainerCreateRequest { Image = $"{repo}:v1" });
        await Engine.Containers.StartAsync(container, Ct);
        Assert.Equal(0, await Engine.Containers.WaitAsync(container, Ct));
        Assert.Equal(["imported"], (await LogsAsync(container)).Select(l => l.Text));
    }

    [DockerFact]
    public async Task Pull_NonexistentImage_ThrowsWithEngineMessage()
    {
        if (Skipped())
        {
            return;
        }

        var error = await Assert.ThrowsAsync<DockerEngineException>(() => Engine.Images.PullAsync("localhost:1/nope:1", null, Ct));

        Output.WriteLine($"{error.StatusCode}: {error.Message}");
        Assert.Contains("localhost:1", error.Message);
        Assert.Null(await Engine.Images.InspectAsync("localhost:1/nope:1", Ct));
    }

    [DockerFact]
    public async Task Pull_WithRegistryAuth_StillReportsEngineError()
    {
        if (Skipped())
        {
            return;
        }

        var auth = Convert.ToBase64String("""{"username":"u","password":"p","serveraddress":"localhost:1"}"""u8.ToArray());

        var error = await Assert.ThrowsAsync<DockerEngineException>(() => Engine.Images.PullAsync("localhost:1/nope@sha256:" + new string('a', 64), auth, Ct));

        Assert.Contains("localhost:1", error.Message);
    }
}
