using Berth.Runtime.Docker;

namespace Berth.Dns.Tests;

public sealed class ResolvConfTests
{
    [Fact]
    public void Render_Default_TheVpcResolverAndTheRegionsSearchDomain()
    {
        var text = ResolvConf.Render("169.254.169.253", ResolvConf.DefaultSearchDomain("eu-west-1"), null, null);

        Assert.Equal(["search eu-west-1.compute.internal", "nameserver 169.254.169.253"], Lines(text));
        Assert.Equal("ec2.internal", ResolvConf.DefaultSearchDomain("us-east-1"));
    }

    [Fact]
    public void Render_DnsServersAndSearchDomains_InsteadOfTheDefaults()
    {
        var text = ResolvConf.Render("169.254.169.253", "ec2.internal", ["10.0.0.2", "fd00::53"], ["corp.example", "example.com"]);

        Assert.Equal(["search corp.example example.com", "nameserver 10.0.0.2", "nameserver fd00::53"], Lines(text));
    }

    [Fact]
    public void Render_NoResolverAndNothingSet_TheEnginesDefaultStays()
    {
        Assert.Null(ResolvConf.Render(null, "ec2.internal", null, ["corp.example"]));
        Assert.Equal(["search ec2.internal", "nameserver 10.0.0.2"], Lines(ResolvConf.Render(null, "ec2.internal", ["10.0.0.2"], [])));
    }

    static string[] Lines(string? text) => (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).ToArray();
}
