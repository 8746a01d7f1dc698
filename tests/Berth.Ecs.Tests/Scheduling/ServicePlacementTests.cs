using Berth.Ecs.Model;
using Berth.TestSupport;

namespace Berth.Ecs.Tests.Scheduling;

/// <summary>A service's tasks across its subnets, and its network checked through the network directory.</summary>
public sealed class ServicePlacementTests : IDisposable
{
    readonly ServiceHarness _h = new();

    public void Dispose() => _h.Dispose();

    static string SubnetOf(TaskRecord t) => t.Task.Attachments![0].Details!.Single(d => d.Name == "subnetId").Value!;

    [Fact]
    public async Task CreateService_ThreeSubnets_TasksSpreadOneToEachSubnetAndZone()
    {
        var td = await _h.SetUpAsync();
        await _h.CreateAsync(td, 3);

        await _h.SettleAsync(5);

        var live = await _h.LiveAsync();
        Assert.Equal(["subnet-defaulta", "subnet-defaultb", "subnet-defaultc"], live.Select(SubnetOf).Order(StringComparer.Ordinal));
        Assert.Equal(["us-east-1a", "us-east-1b", "us-east-1c"], live.Select(t => t.Task.AvailabilityZone).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task UpdateService_ScaleUp_NewTasksGoWhereThereAreFewest()
    {
        var td = await _h.SetUpAsync();
        await _h.CreateAsync(td, 2);
        await _h.SettleAsync(5);

        await _h.Services.UpdateAsync(new UpdateServiceRequest { Cluster = "c", Service = "svc", DesiredCount = 3 }, ServiceHarness.Ct);
        await _h.SettleAsync(5);

        var live = await _h.LiveAsync();
        Assert.Equal(["subnet-defaulta", "subnet-defaultb", "subnet-defaultc"], live.Select(SubnetOf).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CreateService_UnknownGroup_RefusedNamingItAndNothingStored()
    {
        var td = await _h.SetUpAsync();

        await AwsAssert.RefusedAsync(() => _h.Services.CreateAsync(new CreateServiceRequest
        {
            Cluster = "c",
            ServiceName = "svc",
            TaskDefinition = td,
            DesiredCount = 1,
            NetworkConfiguration = new NetworkConfiguration { AwsvpcConfiguration = new AwsVpcConfiguration { Subnets = ["subnet-defaulta"], SecurityGroups = ["sg-0123456789abcdef0"] } },
        }, ServiceHarness.Ct), "InvalidParameterException", "sg-0123456789abcdef0");

        Assert.Null(await _h.Store.GetAsync(EcsKinds.Services, "c/svc", ServiceHarness.Ct));
    }

    [Fact]
    public async Task UpdateService_SubnetOfAnotherVpc_RefusedAndTheServiceKeepsItsNetwork()
    {
        var td = await _h.SetUpAsync();
        await _h.CreateAsync(td, 1);
        var other = _h.Network.AddSubnet(_h.Network.AddVpc("10.74.0.0/16").VpcId, "10.74.0.0/20");

        await AwsAssert.RefusedAsync(() => _h.Services.UpdateAsync(new UpdateServiceRequest
        {
            Cluster = "c",
            Service = "svc",
            NetworkConfiguration = new NetworkConfiguration { AwsvpcConfiguration = new AwsVpcConfiguration { Subnets = ["subnet-defaulta", other.SubnetId] } },
        }, ServiceHarness.Ct), "InvalidParameterException", other.SubnetId);

        Assert.Equal(3, (await _h.ServiceAsync()).NetworkConfiguration!.AwsvpcConfiguration!.Subnets!.Count);
    }
}
