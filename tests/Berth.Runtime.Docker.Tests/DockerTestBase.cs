using Berth.Runtime.Docker.Engine;
using Xunit.Abstractions;

namespace Berth.Runtime.Docker.Tests;

/// <summary>
/// Base of the engine tests: each test creates its own uniquely named resources through the helpers
/// here and they are removed after the test, pass or fail.
/// </summary>
[Collection(DockerCollection.Name)]
public abstract class DockerTestBase(DockerFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<string> _containers = [];
    private readonly List<string> _networks = [];
    private readonly List<string> _images = [];
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(90));

    protected DockerFixture Fixture { get; } = fixture;

    protected ITestOutputHelper Output { get; } = output;

    protected DockerEngine Engine => Fixture.Engine ?? throw new InvalidOperationException("No engine.");

    protected string Image => Fixture.Image;

    /// <summary>Cancelled when a test runs for too long.</summary>
    protected CancellationToken Ct => _timeout.Token;

    /// <summary>
    /// False when there is an engine to test against. A test without one is skipped by <see cref="DockerFactAttribute"/>
    /// before it runs, so reaching here without one fails rather than passing silently.
    /// </summary>
    protected bool Skipped() =>
        Fixture.Available ? false : throw new InvalidOperationException($"No Docker engine to test against: {Fixture.SkipReason}");

    protected static string UniqueName(string kind) => $"berth-test-{kind}-{Guid.NewGuid():N}"[..(12 + kind.Length + 12)];

    protected static Dictionary<string, string> TestLabels(params (string Key, string Value)[] extra)
    {
        var labels = new Dictionary<string, string> { [DockerFixture.TestLabel] = "1" };
        foreach (var (key, value) in extra)
        {
            labels[key] = value;
        }

        return labels;
    }

    /// <summary>Creates a container (removed after the test); the request defaults to the test image.</summary>
    protected async Task<string> CreateAsync(ContainerCreateRequest request, string? name = null)
    {
        name ??= UniqueName("c");
        _containers.Add(name);
        var labels = new Dictionary<string, string>(request.Labels ?? []) { [DockerFixture.TestLabel] = "1" };
        return await Engine.Containers.CreateAsync(name, request with { Labels = labels }, Ct);
    }

    protected Task<string> CreateAsync(params string[] cmd) => CreateAsync(new ContainerCreateRequest { Image = Image, Cmd = cmd });

    /// <summary>Creates and starts a container running <paramref name="cmd"/>.</summary>
    protected async Task<string> RunAsync(params string[] cmd)
    {
        var id = await CreateAsync(cmd);
        await Engine.Containers.StartAsync(id, Ct);
        return id;
    }

    protected static string[] Shell(string script) => ["sh", "-c", script];

    protected async Task<string> CreateNetworkAsync(string subnet, string? gateway = null)
    {
        var name = UniqueName("net");
        _networks.Add(name);
        return await Engine.Networks.CreateAsync(name, subnet, gateway, TestLabels(), Ct);
    }

    protected void TrackNetwork(string name) => _networks.Add(name);

    protected void TrackImage(string name) => _images.Add(name);

    protected async Task<List<LogLine>> LogsAsync(string id, DateTimeOffset? since = null)
    {
        var lines = new List<LogLine>();
        await foreach (var line in Engine.Containers.LogsAsync(id, since, follow: false, Ct))
        {
            lines.Add(line);
        }

        return lines;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes.</summary>
    protected async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}; last value: {value}");
            }

            await Task.Delay(100, Ct);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (Fixture.Engine is { } engine)
        {
            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            foreach (var container in _containers)
            {
                await engine.Containers.RemoveAsync(container, force: true, removeVolumes: true, cleanup.Token);
            }

            foreach (var network in _networks)
            {
                await engine.Networks.RemoveAsync(network, cleanup.Token);
            }

            foreach (var image in _images)
            {
                await engine.Images.RemoveAsync(image, force: true, cleanup.Token);
            }
        }

        _timeout.Dispose();
    }
}
