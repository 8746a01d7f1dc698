using System.Net;

namespace Berth.Dns.Tests;

public sealed class UpstreamsTests
{
    [Fact]
    public void Parse_NameserverLines_InOrderWithoutCommentsOrDuplicates()
    {
        var servers = Upstreams.Parse("""
            # generated
            search example.com
            nameserver 10.0.0.2
            ; nameserver 10.9.9.9
            nameserver   fd00::53
            nameserver 10.0.0.2
            nameserver not-an-address
            options ndots:2
            """);

        Assert.Equal([IPAddress.Parse("10.0.0.2"), IPAddress.Parse("fd00::53")], servers);
    }

    [Fact]
    public void WithoutSelf_AnUpstreamThatIsThisResolver_Left()
    {
        IPAddress[] upstreams = [IPAddress.Loopback, IPAddress.Parse("127.0.0.53"), IPAddress.Parse("10.0.0.2")];

        var onPort53 = Upstreams.WithoutSelf(upstreams, 53, [new IPEndPoint(IPAddress.Loopback, 53), new IPEndPoint(IPAddress.Parse("169.254.170.2"), 53)]);
        var elsewhere = Upstreams.WithoutSelf(upstreams, 53, [new IPEndPoint(IPAddress.Loopback, 5353)]);
        var wildcard = Upstreams.WithoutSelf(upstreams, 53, [new IPEndPoint(IPAddress.Any, 53)]);

        Assert.Equal([IPAddress.Parse("127.0.0.53"), IPAddress.Parse("10.0.0.2")], onPort53.Use);
        Assert.Equal([IPAddress.Loopback], onPort53.Loops);
        Assert.Equal(upstreams, elsewhere.Use);
        Assert.Empty(wildcard.Use);
    }
}
