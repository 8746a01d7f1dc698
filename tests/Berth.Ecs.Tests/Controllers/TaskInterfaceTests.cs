using Berth.Ecs.Model;
using Berth.Ecs.Tests.Support;
using Berth.Kernel.Networking;
using Berth.TestSupport;

namespace Berth.Ecs.Tests.Controllers;

/// <summary>A task's elastic network interface: placed in its subnet, made before its sandbox, deleted after it.</summary>
public sealed class TaskInterfaceTests : IAsyncLifetime
{
    static readonly CancellationToken Ct = CancellationToken.None;
    readonly TaskControllerHarness _h = new();

    public Task InitializeAsync() => _h.StartAsync();

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    [Fact]
    public async Task RunTask_InANamedSubnet_EniDetailsZoneAndSandboxComeFromTheInterface()
    {
        var vpc = _h.Network.AddVpc("10.70.0.0/16");
        var subnet = _h.Network.AddSubnet(vpc.VpcId, "10.70.32.0/20", "us-east-1b");
        var group = _h.Network.AddGroup(vpc.VpcId);
        _h.AwsVpc = new AwsVpcConfiguration { Subnets = [subnet.SubnetId], SecurityGroups = [group] };

        var arn = await _h.RunAsync(Defs.Container("app"));
        var r = await _h.WaitForStatusAsync(arn, "RUNNING");

        var eni = await _h.Network.FindAsync(arn, Ct);
        Assert.NotNull(eni);
        Assert.Equal("10.70.32.4", eni.PrivateIpAddress);
        var attachment = Assert.Single(r.Task.Attachments!);
        var details = attachment.Details!.ToDictionary(d => d.Name!, d => d.Value);
        Assert.Equal(eni.NetworkInterfaceId, details["networkInterfaceId"]);
        Assert.Equal(subnet.SubnetId, details["subnetId"]);
        Assert.Equal("10.70.32.4", details["privateIPv4Address"]);
        Assert.Equal(eni.MacAddress, details["macAddress"]);
        Assert.Equal("ip-10-70-32-4.ec2.internal", details["privateDnsName"]);
        Assert.Equal("us-east-1b", r.Task.AvailabilityZone);
        Assert.Equal(("10.70.32.0/20", "10.70.32.1"), (r.SubnetCidr, r.Gateway));
        var request = Assert.Single(_h.Network.Requests);
        Assert.Equal($"arn:aws:ecs:us-east-1:123456789012:attachment/{attachment.Id}", request.Description);
        Assert.Equal("amazon-ecs", request.RequesterId);
        Assert.Equal([group], request.SecurityGroupIds);
        var sandbox = Assert.Single(_h.Runtime.Sandboxes);
        Assert.Equal(new Runtime.SandboxNetwork(vpc.VpcId, "10.70.0.0/16", false, "10.70.32.4", eni.MacAddress), sandbox.Network);
    }

    [Fact]
    public async Task RunTask_NoNetworkConfiguration_DefaultVpcFirstSubnetAndDefaultGroup()
    {
        var arn = await _h.RunAsync(Defs.Container("app"));
        await _h.WaitForStatusAsync(arn, "RUNNING");

        var eni = await _h.Network.FindAsync(arn, Ct);
        Assert.Equal(("subnet-defaulta", "sg-default00000000"), (eni!.SubnetId, Assert.Single(eni.SecurityGroupIds)));
        Assert.True(Assert.Single(_h.Runtime.Sandboxes).Network!.DefaultVpc);
    }

    [Fact]
    public async Task StopTask_Running_InterfaceIsDeletedAndItsAddressFreed()
    {
        var arn = await _h.RunAsync(Defs.Container("app"));
        await _h.WaitForStatusAsync(arn, "RUNNING");

        await _h.StopAsync(arn);
        var r = await _h.WaitForStatusAsync(arn, "STOPPED");

        Assert.Null(await _h.Network.FindAsync(arn, Ct));
        Assert.Equal("DELETED", r.Task.Attachments![0].Status);
        Assert.False(_h.Runtime.HasSandbox(arn));
    }

    [Fact]
    public async Task StopTask_AfterARestartMidStop_InterfaceIsStillDeleted()
    {
        var arn = await _h.RunAsync(Defs.Container("app"));
        await _h.WaitForStatusAsync(arn, "RUNNING");
        await _h.StopControllerAsync();
        await _h.StopAsync(arn);

        await _h.StartAsync();
        await _h.WaitForStatusAsync(arn, "STOPPED");

        Assert.Null(await _h.Network.FindAsync(arn, Ct));
    }

    [Fact]
    public async Task RunTask_SubnetFull_StopsWithResourceInitializationError()
    {
        var vpc = _h.Network.AddVpc("10.71.0.0/16");
        var tiny = _h.Network.AddSubnet(vpc.VpcId, "10.71.0.0/29"); // .4, .5 and .6 usable
        _h.AwsVpc = new AwsVpcConfiguration { Subnets = [tiny.SubnetId] };
        foreach (var n in Enumerable.Range(0, 3))
            await _h.Network.AttachAsync(new InterfaceRequest($"arn:other:{n}", tiny.SubnetId, [], "", "amazon-elb", []), Ct);

        var arn = await _h.RunAsync(Defs.Container("app"));
        var r = await _h.WaitForStatusAsync(arn, "STOPPED");

        Assert.Equal("TaskFailedToStart", r.Task.StopCode);
        Assert.Contains("no free addresses", r.Task.StoppedReason, StringComparison.Ordinal);
        Assert.Empty(_h.Runtime.Sandboxes);
    }

    [Fact]
    public async Task RunTask_UnknownSubnet_RefusedNamingIt()
    {
        _h.AwsVpc = new AwsVpcConfiguration { Subnets = ["subnet-0000000000000dead"] };

        await AwsAssert.RefusedAsync(() => _h.RunAsync(Defs.Container("app")), "InvalidParameterException", "subnet-0000000000000dead");

        Assert.Empty(_h.Network.Interfaces);
    }

    [Fact]
    public async Task RunTask_SubnetsOfTwoVpcs_RefusedNamingThem()
    {
        var other = _h.Network.AddSubnet(_h.Network.AddVpc("10.72.0.0/16").VpcId, "10.72.0.0/20");
        _h.AwsVpc = new AwsVpcConfiguration { Subnets = ["subnet-defaulta", other.SubnetId] };

        await AwsAssert.RefusedAsync(() => _h.RunAsync(Defs.Container("app")), "InvalidParameterException", other.SubnetId);
    }

    [Fact]
    public async Task RunTask_GroupOfAnotherVpc_RefusedNamingIt()
    {
        var foreign = _h.Network.AddGroup(_h.Network.AddVpc("10.73.0.0/16").VpcId);
        _h.AwsVpc = new AwsVpcConfiguration { Subnets = ["subnet-defaulta"], SecurityGroups = [foreign] };

        await AwsAssert.RefusedAsync(() => _h.RunAsync(Defs.Container("app")), "InvalidParameterException", foreign);
    }
}
