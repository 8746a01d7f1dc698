using Berth.Runtime.Docker.Engine;
using Xunit.Abstractions;

namespace Berth.Runtime.Docker.Tests;

[Trait("Requires", "Docker")]
public sealed class EventsTests(DockerFixture fixture, ITestOutputHelper output) : DockerTestBase(fixture, output)
{
    [DockerFact]
    public async Task Events_LabelledContainer_SeesStartAndDieWithExitCode()
    {
        if (Skipped())
        {
            return;
        }

        var marker = Guid.NewGuid().ToString("N");
        var since = DateTimeOffset.UtcNow.AddSeconds(-2);
        // Another container's events must be filtered out.
        var other = await CreateAsync(new ContainerCreateRequest { Image = Image, Cmd = ["true"] });
        var id = await CreateAsync(new ContainerCreateRequest
        {
            Image = Image,
            Cmd = Shell("exit 7"),
            Labels = new() { ["berth.test.events"] = marker },
        });
        await Engine.Containers.StartAsync(other, Ct);
        await Engine.Containers.StartAsync(id, Ct);
        Assert.Equal(7, await Engine.Containers.WaitAsync(id, Ct));

        var filters = new Dictionary<string, string[]>
        {
            ["type"] = ["container"],
            ["label"] = [$"berth.test.events={marker}"],
            ["event"] = ["start", "die"],
        };
        var events = new List<EngineEvent>();
        await foreach (var evt in Engine.Events.StreamAsync(filters, since, Ct))
        {
            events.Add(evt);
            if (evt.Action == "die")
            {
                break;
            }
        }

        Assert.Equal(["start", "die"], events.Select(e => e.Action));
        Assert.All(events, e => Assert.Equal("container", e.Type));
        Assert.All(events, e => Assert.Equal(id, e.Actor?.Id));
        Assert.All(events, e => Assert.Equal(marker, e.Actor?.Attributes?["berth.test.events"]));
        Assert.Equal("7", events[1].Actor?.Attributes?["exitCode"]);
        Assert.True(events[1].TimeNano >= events[0].TimeNano);
        Assert.InRange(events[0].Timestamp, since, DateTimeOffset.UtcNow.AddSeconds(5));
    }

    [DockerFact]
    public async Task Events_LiveStream_YieldsEventsAsTheyHappen()
    {
        if (Skipped())
        {
            return;
        }

        var marker = Guid.NewGuid().ToString("N");
        var filters = new Dictionary<string, string[]> { ["label"] = [$"berth.test.events={marker}"], ["event"] = ["create"] };
        // A short look-back keeps the test robust if the stream connects after the create.
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        stop.CancelAfter(TimeSpan.FromSeconds(20));
        var reader = ReadFirstAsync(stop.Token);

        await Task.Delay(300, Ct);
        var id = await CreateAsync(new ContainerCreateRequest { Image = Image, Cmd = ["true"], Labels = new() { ["berth.test.events"] = marker } });

        Assert.Equal(id, await reader);

        async Task<string?> ReadFirstAsync(CancellationToken cancellationToken)
        {
            await foreach (var evt in Engine.Events.StreamAsync(filters, since, cancellationToken))
            {
                return evt.Actor?.Id;
            }

            return null;
        }
    }
}
