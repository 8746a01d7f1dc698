using Berth.Ecs.Scheduling;
using Berth.Kernel.Networking;

namespace Berth.Ecs.Tests.Scheduling;

public sealed class SubnetSpreadTests
{
    static readonly SubnetPlacement A = new("subnet-a", "vpc-1", "10.0.0.0/20", "us-east-1a", "use1-az1");
    static readonly SubnetPlacement B = new("subnet-b", "vpc-1", "10.0.16.0/20", "us-east-1b", "use1-az2");
    static readonly SubnetPlacement C = new("subnet-c", "vpc-1", "10.0.32.0/20", "us-east-1c", "use1-az3");

    static List<string> Ids(IEnumerable<SubnetPlacement> placed) => placed.Select(s => s.SubnetId).ToList();

    [Fact]
    public void Place_NoTasksYet_RoundRobinInTheOrderNamed()
    {
        Assert.Equal(["subnet-a", "subnet-b", "subnet-c", "subnet-a"], Ids(SubnetSpread.Place([A, B, C], new Dictionary<string, int>(), 4)));
    }

    [Fact]
    public void Place_Uneven_FewestTasksFirst()
    {
        var now = new Dictionary<string, int> { ["subnet-a"] = 2, ["subnet-b"] = 0, ["subnet-c"] = 1 };

        Assert.Equal(["subnet-b", "subnet-b", "subnet-c"], Ids(SubnetSpread.Place([A, B, C], now, 3)));
    }

    [Fact]
    public void Place_TasksInSubnetsNoLongerNamed_Ignored()
    {
        var now = new Dictionary<string, int> { ["subnet-gone"] = 5, ["subnet-a"] = 1 };

        Assert.Equal(["subnet-b"], Ids(SubnetSpread.Place([A, B], now, 1)));
    }

    [Fact]
    public void Place_OneSubnet_AllThere()
    {
        Assert.Equal(["subnet-c", "subnet-c"], Ids(SubnetSpread.Place([C], new Dictionary<string, int> { ["subnet-c"] = 9 }, 2)));
    }
}
