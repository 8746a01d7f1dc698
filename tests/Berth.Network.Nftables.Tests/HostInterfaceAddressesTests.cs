using Microsoft.Extensions.Time.Testing;

namespace Berth.Network.Nftables.Tests;

public sealed class HostInterfaceAddressesTests
{
    [Fact]
    public void Current_HoldsLoopbackAndIsReadAgainOnlyAfterASecond()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var host = new HostInterfaceAddresses(clock);

        var first = host.Current();
        Assert.Contains("127.0.0.1", first);
        Assert.Same(first, host.Current());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.NotSame(first, host.Current());
    }
}
