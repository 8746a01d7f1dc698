using System.Net;
using Berth.TestSupport.Networking;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Dns.Tests;

public sealed class VpcCacheTests
{
    readonly InMemoryNetworkDirectory _networks = TestVpcs.AAndB();
    readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task VpcOfAsync_AskedAgainWithinTheTtl_AnsweredFromTheCache()
    {
        var cache = new VpcCache(_networks, TimeSpan.FromSeconds(5), _time);

        Assert.Equal("vpc-a", await cache.VpcOfAsync(IPAddress.Parse("10.0.0.9"), default));
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal("vpc-a", await cache.VpcOfAsync(IPAddress.Parse("10.0.0.9"), default));
        Assert.Equal(1, _networks.VpcLookups);

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("vpc-a", await cache.VpcOfAsync(IPAddress.Parse("10.0.0.9"), default));
        Assert.Equal(2, _networks.VpcLookups);
    }

    [Fact]
    public async Task VpcOfAsync_LoopbackOrNoDirectory_TheHostWhichSeesEverything()
    {
        Assert.Null(await new VpcCache(_networks, TimeSpan.FromSeconds(5), _time).VpcOfAsync(IPAddress.Loopback, default));
        Assert.Equal(0, _networks.VpcLookups);
        Assert.Null(await new VpcCache(null, TimeSpan.FromSeconds(5), _time).VpcOfAsync(IPAddress.Parse("10.1.0.4"), default));
    }

    [Fact]
    public async Task VpcOfAsync_AddressOutsideEveryVpc_Null()
    {
        Assert.Null(await new VpcCache(_networks, TimeSpan.FromSeconds(5), _time).VpcOfAsync(IPAddress.Parse("192.168.1.1"), default));
    }
}
