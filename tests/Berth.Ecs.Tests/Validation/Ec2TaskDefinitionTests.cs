using Berth.Ecs.Model;
using Berth.Ecs.Validation;
using Berth.TestSupport;
using static Berth.Ecs.Tests.Support.Defs;

namespace Berth.Ecs.Tests.Validation;

/// <summary>EC2-compatible definitions: registered as ECS registers them, refused for FARGATE with ECS's message.</summary>
public sealed class Ec2TaskDefinitionTests
{
    const string Client = "ClientException";

    /// <summary>The minimal EC2 definition of ECS's own examples: no compatibilities, no task size, container memory.</summary>
    static TaskDefinition Ec2(Action<ContainerDefinition>? change = null)
    {
        var c = Container("hello");
        c.Memory = 400;
        change?.Invoke(c);
        return new TaskDefinition { Family = "ec2", ContainerDefinitions = [c] };
    }

    static void Refused(TaskDefinition td, string code, params string[] fragments) =>
        AwsAssert.Refused(() => TaskDefinitionValidator.Normalize(td), code, fragments);

    [Fact]
    public void Minimal_IsABridgeDefinitionForEc2AndExternal()
    {
        var n = TaskDefinitionValidator.Normalize(Ec2());
        Assert.Equal("bridge", n.NetworkMode);
        Assert.Equal(["EXTERNAL", "EC2"], n.Compatibilities);
        Assert.Null(n.Cpu);
        Assert.Null(n.Memory);
        Assert.Equal(400, n.ContainerDefinitions![0].Memory);
        Assert.Empty(n.PlacementConstraints!);
        Assert.Equal(System.Text.Json.JsonValueKind.Array, n.Extra!["volumes"].ValueKind);
    }

    [Fact]
    public void MemoryReservationAlone_IsEnough()
    {
        var n = TaskDefinitionValidator.Normalize(Ec2(c => (c.Memory, c.MemoryReservation) = (null, 128)));
        Assert.Equal(128, n.ContainerDefinitions![0].MemoryReservation);
    }

    [Fact]
    public void NoContainerMemoryAndNoTaskMemory_IsRefused() =>
        Refused(Ec2(c => c.Memory = null), Client, "Invalid setting for container 'hello'. At least one of 'memory' or 'memoryReservation' must be specified.");

    [Fact]
    public void TaskMemoryWithoutContainerMemory_IsAccepted()
    {
        var td = Ec2(c => c.Memory = null);
        td.Memory = "1 GB";
        Assert.Equal("1024", TaskDefinitionValidator.Normalize(td).Memory);
    }

    [Fact]
    public void Ec2AllowsWhatFargateRefuses()
    {
        var n = TaskDefinitionValidator.Normalize(Ec2(c =>
        {
            c.Privileged = true;
            c.LogConfiguration = new LogConfiguration { LogDriver = "json-file" };
            c.Links = ["db"];
            c.Hostname = "web";
        }));
        Assert.True(n.ContainerDefinitions![0].Privileged);
        Assert.DoesNotContain("FARGATE", n.Compatibilities!);
    }

    [Fact]
    public void UnknownLogDriver_IsRefused() =>
        Refused(Ec2(c => c.LogConfiguration = new LogConfiguration { LogDriver = "carrier-pigeon" }), Client, "log driver 'carrier-pigeon' is not valid");

    [Theory]
    [InlineData("bridge", 8080, 8080)]
    [InlineData("bridge", 0, 0)]
    [InlineData("host", null, 80)]
    public void HostPorts_FollowTheNetworkMode(string mode, int? hostPort, int expected)
    {
        var td = Ec2(c => c.PortMappings = [new PortMapping { ContainerPort = 80, HostPort = hostPort }]);
        td.NetworkMode = mode;
        Assert.Equal(expected, TaskDefinitionValidator.Normalize(td).ContainerDefinitions![0].PortMappings![0].HostPort);
    }

    [Fact]
    public void HostModeWithADifferentHostPort_IsRefused()
    {
        var td = Ec2(c => c.PortMappings = [new PortMapping { ContainerPort = 80, HostPort = 8080 }]);
        td.NetworkMode = "host";
        Refused(td, Client, "when networkMode=host, the host ports and container ports in port mappings must match");
    }

    [Fact]
    public void NoneModeWithPortMappings_IsRefused()
    {
        var td = Ec2(c => c.PortMappings = [new PortMapping { ContainerPort = 80 }]);
        td.NetworkMode = "none";
        Refused(td, Client, "port mappings are not supported with the none network mode");
    }

    [Fact]
    public void LinksOutsideBridge_AreRefused()
    {
        var td = Ec2(c => c.Links = ["db"]);
        td.NetworkMode = "host";
        Refused(td, Client, "links are not supported with the host network mode");
    }

    [Fact]
    public void Ec2TaskCpuBelowTheMinimum_IsRefused()
    {
        var td = Ec2();
        td.Cpu = "64";
        Refused(td, Client, "Invalid 'cpu' setting for task: '64'", "between 128 and 196608");
    }

    [Fact]
    public void EphemeralStorageOnEc2_IsRefused()
    {
        var td = Ec2();
        td.EphemeralStorage = new EphemeralStorage { SizeInGiB = 30 };
        Refused(td, Client, "ephemeralStorage is only supported for tasks run on Fargate");
    }

    [Fact]
    public void ValidPlacementConstraint_IsKept()
    {
        var td = Ec2();
        td.PlacementConstraints = [new TaskDefinitionPlacementConstraint { Type = "memberOf", Expression = "attribute:ecs.instance-type =~ t2.*" }];
        Assert.Single(TaskDefinitionValidator.Normalize(td).PlacementConstraints!);
    }

    [Fact]
    public void PlacementConstraintOfAnotherType_IsRefused()
    {
        var td = Ec2();
        td.PlacementConstraints = [new TaskDefinitionPlacementConstraint { Type = "distinctInstance" }];
        AwsAssert.Refused(() => TaskDefinitionValidator.Normalize(td), "InvalidParameterException", "must be of type memberOf");
    }

    [Fact]
    public void MalformedPlacementExpression_IsRefused()
    {
        var td = Ec2();
        td.PlacementConstraints = [new TaskDefinitionPlacementConstraint { Type = "memberOf", Expression = "attribute:ecs.az in [a," }];
        Refused(td, Client, "Invalid placement constraint expression");
    }

    [Fact]
    public void FargateDefinitionWithPlacementConstraints_IsRefused()
    {
        var td = Task();
        td.PlacementConstraints = [new TaskDefinitionPlacementConstraint { Type = "memberOf", Expression = "task:group == web" }];
        Refused(td, Client, "placement constraints are not supported for tasks run on Fargate");
    }

    [Fact]
    public void RequireFargate_RefusesAnEc2DefinitionWithEcsMessageAndTheReason()
    {
        var n = TaskDefinitionValidator.Normalize(Ec2());
        var e = Assert.Throws<Berth.Kernel.AwsException>(() => TaskDefinitionValidator.RequireFargate(n));
        Assert.Equal("InvalidParameterException", e.Code);
        Assert.StartsWith("Task definition does not support launch_type FARGATE.", e.Message, StringComparison.Ordinal);
        Assert.Contains("Fargate only supports network mode 'awsvpc'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequireFargate_PassesAFargateDefinition() =>
        TaskDefinitionValidator.RequireFargate(TaskDefinitionValidator.Normalize(Task()));

    [Fact]
    public void InvalidPidMode_IsRefused()
    {
        var td = Ec2();
        td.PidMode = "shared";
        AwsAssert.Refused(() => TaskDefinitionValidator.Normalize(td), "InvalidParameterException", "Invalid pidMode 'shared'");
    }
}
