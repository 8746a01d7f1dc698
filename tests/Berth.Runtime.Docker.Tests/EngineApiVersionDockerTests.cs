using Berth.Runtime.Docker.Engine;
using Xunit.Abstractions;

namespace Berth.Runtime.Docker.Tests;

/// <summary>The version agreed with the engine on this machine, and a MAC address set through the version's own field.</summary>
[Trait("Requires", "Docker")]
public sealed class EngineApiVersionDockerTests(DockerFixture fixture, ITestOutputHelper output) : DockerTestBase(fixture, output)
{
    [DockerFact]
    public async Task ApiVersion_Engine_IsTheHighestBothSpeak()
    {
        if (Skipped())
        {
            return;
        }

        var version = await Engine.System.VersionAsync(Ct);
        var agreed = await Engine.ApiVersionAsync(Ct);

        Output.WriteLine($"engine Docker {version.Version}: API {version.MinApiVersion} to {version.ApiVersion}; Berth uses {agreed}");
        Assert.Equal(EngineApiVersion.Negotiate(version.MinApiVersion, version.ApiVersion).Version, agreed);
        Assert.True(agreed >= EngineApiVersion.Oldest && agreed <= EngineApiVersion.Newest, agreed.ToString());
    }

    [DockerFact]
    public async Task Create_MacAddressOnTheEndpoint_TheContainerHasIt()
    {
        if (Skipped())
        {
            return;
        }

        await MacAddressComesThroughAsync(Engine, Image, s => CreateNetworkAsync(s), r => CreateAsync(r));
    }

    /// <summary>
    /// The same on a current engine (Docker 25 or later, API 1.44+), at the socket in BERTH_CURRENT_DOCKER_SOCKET.
    /// These machines and CI carry only Debian 12's docker.io (20.10, API 1.41), so this runs where such an engine is
    /// installed and is reported as skipped, with the reason, elsewhere — in CI too: it is no prerequisite of CI.
    /// </summary>
    [CurrentEngineFact]
    public async Task CurrentEngine_NegotiatesAbove143_AndTakesTheMacOnTheEndpoint()
    {
        var socket = CurrentEngineFactAttribute.Socket!;
        using var engine = new DockerEngine(socket);
        var agreed = await engine.ApiVersionAsync(Ct);
        Output.WriteLine($"current engine at {socket}: Berth uses API {agreed}");
        Assert.True(agreed >= EngineApiVersion.EndpointMacAddress, $"a current engine speaks 1.44 or later; this one agreed {agreed}");

        var image = $"berth-test-busybox:{Guid.NewGuid():N}"[..31];
        using (var context = DockerFixture.BusyboxContext("FROM scratch\nENV PATH=/bin\nCOPY rootfs/ /\n", rootfsPrefix: "rootfs/").ToStream())
            await engine.Images.BuildAsync(context, image, Ct);
        var network = UniqueName("net");
        var container = UniqueName("c");
        try
        {
            await MacAddressComesThroughAsync(
                engine,
                image,
                async subnet => await engine.Networks.CreateAsync(network, subnet, null, TestLabels(), Ct),
                r => engine.Containers.CreateAsync(container, r with { Labels = TestLabels() }, Ct));
        }
        finally
        {
            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await engine.Containers.RemoveAsync(container, force: true, removeVolumes: true, cleanup.Token);
            await engine.Networks.RemoveAsync(network, cleanup.Token);
            await engine.Images.RemoveAsync(image, force: true, cleanup.Token);
        }
    }

    async Task MacAddressComesThroughAsync(DockerEngine engine, string image, Func<string, Task<string>> createNetwork, Func<ContainerCreateRequest, Task<string>> create)
    {
        // A range of its own per run (no BERTH_SUBNET or other test's network overlaps 10.214/16 here).
        var octet = Random.Shared.Next(1, 250);
        var mac = $"02:42:0a:d6:{octet:x2}:07";
        var networkId = await createNetwork($"10.214.{octet}.0/24");
        var network = (await engine.Networks.InspectAsync(networkId, Ct))!.Name;
        var id = await create(new ContainerCreateRequest
        {
            Image = image,
            Cmd = Shell("while :; do sleep 1 & wait $!; done"),
            HostConfig = new HostConfig { NetworkMode = network },
            NetworkingConfig = new NetworkingConfig
            {
                EndpointsConfig = new()
                {
                    [network] = new EndpointSettings { IpamConfig = new EndpointIpamConfig { IPv4Address = $"10.214.{octet}.7" }, MacAddress = mac },
                },
            },
        });
        await engine.Containers.StartAsync(id, Ct);

        var endpoint = (await engine.Containers.InspectAsync(id, Ct))?.NetworkSettings?.Networks?[network];

        Assert.Equal(mac, endpoint?.MacAddress);
        Assert.Equal($"10.214.{octet}.7", endpoint?.IPAddress);
    }
}
