using Berth.Runtime.Docker.Engine;

namespace Berth.Runtime.Docker.Tests;

/// <summary>Choosing the Engine API version with an engine, and the request bodies that differ by version (no engine needed).</summary>
public sealed class EngineApiVersionTests
{
    [Theory]
    [InlineData("1.12", "1.41", "1.41")] // Debian 12's docker.io (20.10)
    [InlineData("1.24", "1.50", "1.50")] // Docker 28.2
    [InlineData("1.44", "1.51", "1.51")]
    [InlineData("1.44", "1.52", "1.51")] // Docker 29: newer than Berth knows, and refuses 1.41
    [InlineData("1.44", "1.60", "1.51")]
    [InlineData("1.41", "1.41", "1.41")]
    [InlineData("1.51", "1.51", "1.51")]
    [InlineData(null, "1.45", "1.45")]
    [InlineData("", "1.45", "1.45")]
    public void Negotiate_Overlapping_PicksTheHighestBothSpeak(string? engineMin, string engineMax, string expected)
    {
        var agreed = EngineApiVersion.Negotiate(engineMin, engineMax);

        Assert.Null(agreed.Error);
        Assert.Equal(expected, agreed.Version.ToString());
    }

    [Fact]
    public void Negotiate_EngineTooOld_NamesBothRangesAndSaysUpgradeTheEngine()
    {
        var agreed = EngineApiVersion.Negotiate("1.20", "1.30");

        Assert.Null(agreed.Version);
        Assert.Contains("Engine API 1.20 to 1.30", agreed.Error, StringComparison.Ordinal);
        Assert.Contains("Berth speaks 1.41 to 1.51", agreed.Error, StringComparison.Ordinal);
        Assert.Contains("upgrade the engine", agreed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Negotiate_EngineNewerThanBerth_NamesBothRangesAndSaysUpgradeBerth()
    {
        var agreed = EngineApiVersion.Negotiate("1.52", "1.60");

        Assert.Null(agreed.Version);
        Assert.Contains("Engine API 1.52 to 1.60", agreed.Error, StringComparison.Ordinal);
        Assert.Contains("Berth speaks 1.41 to 1.51", agreed.Error, StringComparison.Ordinal);
        Assert.Contains("upgrade Berth", agreed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Negotiate_NoMinimumAndTooOld_SaysUpTo()
    {
        var agreed = EngineApiVersion.Negotiate(null, "1.40");

        Assert.Null(agreed.Version);
        Assert.Contains("Engine API up to 1.40", agreed.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("v1.41")]
    [InlineData("1.41.0")]
    [InlineData("1.x")]
    public void Negotiate_UnreadableEngineVersion_IsRefusedSayingWhat(string? engineMax)
    {
        var agreed = EngineApiVersion.Negotiate("1.12", engineMax);

        Assert.Null(agreed.Version);
        Assert.Contains("no usable API version", agreed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Versions_CompareByMinorNumberNotText()
    {
        Assert.True(new EngineApiVersion(1, 9) < new EngineApiVersion(1, 41));
        Assert.True(EngineApiVersion.Parse("1.100") > EngineApiVersion.Newest);
        Assert.Equal("v1.44", EngineApiVersion.EndpointMacAddress.PathSegment);
    }

    static ContainerCreateRequest WithEndpointMac(string? containerWide = null, string? endpoint = "02:42:0a:70:00:05") => new()
    {
        Image = "x",
        MacAddress = containerWide,
        HostConfig = new HostConfig { NetworkMode = "net" },
        NetworkingConfig = new NetworkingConfig
        {
            EndpointsConfig = new() { ["net"] = new EndpointSettings { IpamConfig = new EndpointIpamConfig { IPv4Address = "10.112.0.5" }, MacAddress = endpoint } },
        },
    };

    [Fact]
    public void ForApi_Before144_MovesTheEndpointMacToTheContainer()
    {
        var request = WithEndpointMac().ForApi(new EngineApiVersion(1, 41));

        Assert.Equal("02:42:0a:70:00:05", request.MacAddress);
        Assert.Null(request.NetworkingConfig!.EndpointsConfig!["net"].MacAddress);
        Assert.Equal("10.112.0.5", request.NetworkingConfig.EndpointsConfig["net"].IpamConfig!.IPv4Address);
    }

    [Theory]
    [InlineData(44)]
    [InlineData(51)]
    public void ForApi_From144_KeepsTheMacOnTheEndpointOnly(int minor)
    {
        var original = WithEndpointMac();

        var request = original.ForApi(new EngineApiVersion(1, minor));

        Assert.Same(original, request);
        Assert.Null(request.MacAddress);
        Assert.Equal("02:42:0a:70:00:05", request.NetworkingConfig!.EndpointsConfig!["net"].MacAddress);
    }

    [Fact]
    public void ForApi_From144_MovesAContainerWideMacToTheEndpoint()
    {
        var request = WithEndpointMac(containerWide: "02:42:0a:70:00:06", endpoint: null).ForApi(EngineApiVersion.Newest);

        Assert.Null(request.MacAddress);
        Assert.Equal("02:42:0a:70:00:06", request.NetworkingConfig!.EndpointsConfig!["net"].MacAddress);
    }

    [Fact]
    public void ForApi_From144_TwoDifferentMacs_AreRefused() =>
        Assert.Throws<ArgumentException>(() => WithEndpointMac(containerWide: "02:42:0a:70:00:06").ForApi(EngineApiVersion.Newest));

    [Fact]
    public void ForApi_NoMac_IsTheSameRequestAtEveryVersion()
    {
        var original = WithEndpointMac(endpoint: null);

        Assert.Same(original, original.ForApi(EngineApiVersion.Oldest));
        Assert.Same(original, original.ForApi(EngineApiVersion.Newest));
    }
}
