using Berth.Runtime.Docker.Engine;
using Xunit.Abstractions;

namespace Berth.Runtime.Docker.Tests;

[Trait("Requires", "Docker")]
public sealed class NetworksApiTests(DockerFixture fixture, ITestOutputHelper output) : DockerTestBase(fixture, output)
{
    [DockerFact]
    public async Task Network_CreateWithSubnet_InspectShowsIpamAndLabels()
    {
        if (Skipped())
        {
            return;
        }

        var id = await CreateNetworkAsync("10.213.0.0/24", "10.213.0.1");

        var network = await Engine.Networks.InspectAsync(id, Ct);
        Assert.NotNull(network);
        Assert.Equal(id, network.Id);
        Assert.StartsWith("berth-test-net-", network.Name);
        Assert.Equal("bridge", network.Driver);
        var ipam = Assert.Single(network.Ipam?.Config ?? []);
        Assert.Equal("10.213.0.0/24", ipam.Subnet);
        Assert.Equal("10.213.0.1", ipam.Gateway);
        Assert.Equal("1", network.Labels?[DockerFixture.TestLabel]);
        Assert.Equal(id, (await Engine.Networks.InspectAsync(network.Name, Ct))?.Id);

        var duplicate = await Assert.ThrowsAsync<DockerEngineException>(
            () => Engine.Networks.CreateAsync(network.Name, "10.213.9.0/24", null, null, Ct));
        Assert.Equal(409, duplicate.StatusCode);

        await Engine.Networks.RemoveAsync(network.Name, Ct);
        Assert.Null(await Engine.Networks.InspectAsync(id, Ct));
        await Engine.Networks.RemoveAsync(network.Name, Ct); // already gone
    }

    [DockerFact]
    public async Task Network_InspectMissing_ReturnsNull()
    {
        if (Skipped())
        {
            return;
        }

        Assert.Null(await Engine.Networks.InspectAsync(UniqueName("net"), Ct));
    }

    [DockerFact]
    public async Task Network_ContainerWithFixedAddress_GetsThatAddress()
    {
        if (Skipped())
        {
            return;
        }

        var networkId = await CreateNetworkAsync("10.213.1.0/24");
        var network = (await Engine.Networks.InspectAsync(networkId, Ct))!;
        var id = await CreateAsync(new ContainerCreateRequest
        {
            Image = Image,
            Cmd = Shell("ip -4 addr show eth0; while :; do sleep 1 & wait $!; done"),
            HostConfig = new HostConfig { NetworkMode = network.Name },
            NetworkingConfig = new NetworkingConfig
            {
                EndpointsConfig = new()
                {
                    [network.Name] = new EndpointSettings
                    {
                        IpamConfig = new EndpointIpamConfig { IPv4Address = "10.213.1.10" },
                        Aliases = ["web"],
                    },
                },
            },
        });
        await Engine.Containers.StartAsync(id, Ct);

        var inspect = await Engine.Containers.InspectAsync(id, Ct);
        var endpoint = inspect?.NetworkSettings?.Networks?[network.Name];
        Assert.NotNull(endpoint);
        Assert.Equal("10.213.1.10", endpoint.IPAddress);
        Assert.Equal("10.213.1.1", endpoint.Gateway);
        Assert.False(string.IsNullOrEmpty(endpoint.MacAddress));
        Assert.Equal(network.Name, inspect?.HostConfig?.NetworkMode);
        await EventuallyAsync(
            () => LogsAsync(id),
            lines => lines.Any(l => l.Text.Contains("inet 10.213.1.10/24", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10),
            "the address inside the container");
    }

    [DockerFact]
    public async Task EngineNetworkAddresses_ContainerLeftOnTheTaskNetwork_IsInUse()
    {
        if (Skipped())
        {
            return;
        }

        var networkId = await CreateNetworkAsync("10.213.2.0/24");
        var network = (await Engine.Networks.InspectAsync(networkId, Ct))!;
        var id = await CreateAsync(new ContainerCreateRequest
        {
            Image = Image,
            Cmd = Shell("while :; do sleep 1 & wait $!; done"),
            HostConfig = new HostConfig { NetworkMode = network.Name },
            NetworkingConfig = new NetworkingConfig
            {
                EndpointsConfig = new() { [network.Name] = new EndpointSettings { IpamConfig = new EndpointIpamConfig { IPv4Address = "10.213.2.9" } } },
            },
        });
        await Engine.Containers.StartAsync(id, Ct);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var inUse = new EngineNetworkAddresses(Engine, new DockerRuntimeOptions { NetworkName = network.Name, Subnet = "10.213.2.0/24", InstanceId = "t" }, clock);

        Assert.Equal("10.213.2.9/24", Assert.Single((await Engine.Networks.InspectAsync(networkId, Ct))!.Containers!.Values).Ipv4Address);
        Assert.Contains("10.213.2.9", await inUse.CurrentAsync(Ct));
    }

    [DockerFact]
    public async Task Network_SharedNamespace_ContainersReachEachOtherOnLocalhost()
    {
        if (Skipped())
        {
            return;
        }

        var server = await CreateAsync(new ContainerCreateRequest
        {
            Image = Image,
            Cmd = Shell("echo shared-namespace > /tmp/index.html && exec httpd -f -p 127.0.0.1:8080 -h /tmp"),
            HostConfig = new HostConfig { NetworkMode = "none" },
        });
        await Engine.Containers.StartAsync(server, Ct);
        var client = await CreateAsync(new ContainerCreateRequest
        {
            Image = Image,
            Cmd = Shell("for i in $(seq 1 100); do wget -q -O - http://127.0.0.1:8080/index.html && exit 0; sleep 0.1; done; exit 1"),
            HostConfig = new HostConfig { NetworkMode = $"container:{server}" },
        });
        await Engine.Containers.StartAsync(client, Ct);

        Assert.Equal(0, await Engine.Containers.WaitAsync(client, Ct));
        Assert.Contains("shared-namespace", (await LogsAsync(client)).Select(l => l.Text));
        Assert.Equal($"container:{server}", (await Engine.Containers.InspectAsync(client, Ct))?.HostConfig?.NetworkMode);
    }
}
