using Berth.Kernel.Networking;

namespace Berth.Elb.Tests;

public sealed class TargetZonesTests
{
    static readonly SubnetPlacement SubnetB = new("subnet-b", "vpc-1", "10.89.16.0/20", "us-east-1b", "use1-az2");

    [Theory]
    [InlineData(null)]
    [InlineData("us-east-1b")]
    public void InTheVpc_ZoneIsTheSubnets(string? given) =>
        Assert.Equal("us-east-1b", TargetZones.Of("10.89.16.5", given, SubnetB));

    [Fact]
    public void InTheVpc_AnotherZone_IsRefusedNamingBoth()
    {
        var e = Assert.Throws<Berth.Kernel.AwsException>(() => TargetZones.Of("10.89.16.5", "us-east-1a", SubnetB));
        Assert.Equal("ValidationError", e.Code);
        Assert.Contains("'us-east-1a'", e.Message, StringComparison.Ordinal);
        Assert.Contains("subnet-b (us-east-1b)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("all", "all")]
    public void OutsideTheVpc_NoneOrAll(string? given, string? expected) =>
        Assert.Equal(expected, TargetZones.Of("192.168.1.5", given, subnet: null));

    [Theory]
    [InlineData("us-east-1a")]
    [InlineData("ALL")]
    [InlineData("")]
    public void OutsideTheVpc_AnyOtherZone_IsRefused(string given)
    {
        var e = Assert.Throws<Berth.Kernel.AwsException>(() => TargetZones.Of("192.168.1.5", given, subnet: null));
        Assert.Equal("ValidationError", e.Code);
        Assert.Contains("'all'", e.Message, StringComparison.Ordinal);
    }
}
