using System.Text.Json.Nodes;
using Berth.Ecs.Model;
using Berth.Ecs.Runtime;
using Berth.Ecs.TaskMetadata;

namespace Berth.Ecs.Tests.TaskMetadata;

public sealed class MetadataDocumentsTests
{
    const string TaskArn = "arn:aws:ecs:us-east-1:000000000000:task/web/0123456789abcdef0123456789abcdef";
    static readonly DateTimeOffset Started = new(2026, 11, 22, 5, 0, 1, 500, TimeSpan.Zero);

    [Fact]
    public void Task_RunningTask_HasFargateFieldsAndTypes()
    {
        var doc = MetadataDocuments.Task(Record(), [Observed("app")], Started.AddMinutes(1));

        Assert.Equal("arn:aws:ecs:us-east-1:000000000000:cluster/web", doc["Cluster"]!.GetValue<string>());
        Assert.Equal(TaskArn, doc["TaskARN"]!.GetValue<string>());
        Assert.Equal("web", doc["Family"]!.GetValue<string>());
        Assert.Equal("3", doc["Revision"]!.GetValue<string>());
        Assert.Equal("RUNNING", doc["DesiredStatus"]!.GetValue<string>());
        Assert.Equal("RUNNING", doc["KnownStatus"]!.GetValue<string>());
        Assert.Equal(0.25, doc["Limits"]!["CPU"]!.GetValue<double>());
        Assert.Equal(512, doc["Limits"]!["Memory"]!.GetValue<int>());
        Assert.Equal("2026-11-22T05:00:00Z", doc["PullStartedAt"]!.GetValue<string>());
        Assert.Equal("2026-11-22T05:00:01.5Z", doc["PullStoppedAt"]!.GetValue<string>());
        Assert.Equal("us-east-1a", doc["AvailabilityZone"]!.GetValue<string>());
        Assert.Equal("FARGATE", doc["LaunchType"]!.GetValue<string>());
        Assert.Equal("api", doc["ServiceName"]!.GetValue<string>());
        Assert.Equal(20 * 1024, doc["EphemeralStorageMetrics"]!["Reserved"]!.GetValue<int>());
        Assert.Equal("SYNCHRONIZED", doc["ClockDrift"]!["ClockSynchronizationStatus"]!.GetValue<string>());
        Assert.Equal("app", Assert.Single(doc["Containers"]!.AsArray())!["Name"]!.GetValue<string>());
    }

    [Fact]
    public void Container_RunningContainer_HasEngineIdsLimitsLabelsLogsAndNetwork()
    {
        var doc = MetadataDocuments.Container(Record(), Record().Definition.ContainerDefinitions![0], Observed("app"));

        Assert.Equal("d0c", doc["DockerId"]!.GetValue<string>());
        Assert.Equal("app", doc["Name"]!.GetValue<string>());
        Assert.Equal("app", doc["DockerName"]!.GetValue<string>());
        Assert.Equal("busybox:1", doc["Image"]!.GetValue<string>());
        Assert.Equal("sha256:abc", doc["ImageID"]!.GetValue<string>());
        Assert.Equal("RUNNING", doc["KnownStatus"]!.GetValue<string>());
        Assert.Equal(128, doc["Limits"]!["CPU"]!.GetValue<int>());
        Assert.Equal(256, doc["Limits"]!["Memory"]!.GetValue<int>());
        Assert.Equal("2026-11-22T05:00:01.5Z", doc["StartedAt"]!.GetValue<string>());
        Assert.Equal("NORMAL", doc["Type"]!.GetValue<string>());
        Assert.Equal("x", doc["Labels"]!["team"]!.GetValue<string>());
        Assert.Equal(TaskArn, doc["Labels"]!["com.amazonaws.ecs.task-arn"]!.GetValue<string>());
        Assert.Equal("3", doc["Labels"]!["com.amazonaws.ecs.task-definition-version"]!.GetValue<string>());
        Assert.Equal("arn:aws:ecs:us-east-1:000000000000:container/web/x/1", doc["ContainerARN"]!.GetValue<string>());
        Assert.Equal("awslogs", doc["LogDriver"]!.GetValue<string>());
        Assert.Equal("p/app/0123456789abcdef0123456789abcdef", doc["LogOptions"]!["awslogs-stream"]!.GetValue<string>());
        Assert.Null(doc["ExitCode"]);
        Assert.Null(doc["Health"]);

        var net = Assert.Single(doc["Networks"]!.AsArray())!;
        Assert.Equal("awsvpc", net["NetworkMode"]!.GetValue<string>());
        Assert.Equal("10.89.0.7", Assert.Single(net["IPv4Addresses"]!.AsArray())!.GetValue<string>());
        Assert.Equal(0, net["AttachmentIndex"]!.GetValue<int>());
        Assert.Equal("02:42:0a:59:00:07", net["MACAddress"]!.GetValue<string>());
        Assert.Equal("10.89.0.0/16", net["IPv4SubnetCIDRBlock"]!.GetValue<string>());
        Assert.Equal("10.89.0.1/16", net["SubnetGatewayIpv4Address"]!.GetValue<string>());
        Assert.Equal("ip-10-89-0-7.ec2.internal", net["PrivateDNSName"]!.GetValue<string>());
        Assert.NotEmpty(net["DomainNameServers"]!.AsArray());
    }

    [Fact]
    public void Container_Exited_ReportsStoppedWithExitCode()
    {
        var exited = Observed("app") with { State = ContainerState.Exited, ExitCode = 3, FinishedAt = Started.AddSeconds(9) };

        var doc = MetadataDocuments.Container(Record(), Record().Definition.ContainerDefinitions![0], exited);

        Assert.Equal("STOPPED", doc["KnownStatus"]!.GetValue<string>());
        Assert.Equal(3, doc["ExitCode"]!.GetValue<int>());
        Assert.Equal("2026-11-22T05:00:10.5Z", doc["FinishedAt"]!.GetValue<string>());
    }

    [Fact]
    public void PrivateIp_IsTheEniAddress()
    {
        Assert.Equal("10.89.0.7", MetadataDocuments.PrivateIp(Record()));
        Assert.Null(MetadataDocuments.PrivateIp(Record() with { Task = new EcsTask { TaskArn = TaskArn } }));
    }

    [Fact]
    public void ContainerStats_WithoutNetworks_TakesTheSandboxNetworks()
    {
        var stats = StatsDocuments.Container("""{"cpu_stats":{"online_cpus":2}}""", """{"networks":{"eth0":{"rx_bytes":5}}}""")!;

        Assert.Equal(2, stats["cpu_stats"]!["online_cpus"]!.GetValue<int>());
        Assert.Equal(5, stats["networks"]!["eth0"]!["rx_bytes"]!.GetValue<int>());
    }

    [Fact]
    public void ContainerStats_NoneOrBroken_IsNull()
    {
        Assert.Null(StatsDocuments.Container(null, """{"networks":{}}"""));
        Assert.Null(StatsDocuments.Container("{not json", null));
    }

    [Fact]
    public void TaskStats_MapsDockerIdToStats()
    {
        var doc = StatsDocuments.Task([("a", JsonNode.Parse("""{"read":"x"}""")), ("b", null)]);

        Assert.Equal("x", doc["a"]!["read"]!.GetValue<string>());
        Assert.True(doc.ContainsKey("b"));
        Assert.Null(doc["b"]);
    }

    static ObservedContainer Observed(string name) =>
        new(name, "d0c", ContainerState.Running, null, false, null, Started, null, null, "sha256:abc", Started.AddSeconds(-1));

    static TaskRecord Record() => new()
    {
        Task = new EcsTask
        {
            TaskArn = TaskArn,
            ClusterArn = "arn:aws:ecs:us-east-1:000000000000:cluster/web",
            DesiredStatus = "RUNNING",
            LastStatus = "RUNNING",
            Cpu = "256",
            Memory = "512",
            AvailabilityZone = "us-east-1a",
            Group = "service:api",
            PullStartedAt = new DateTimeOffset(2026, 11, 22, 5, 0, 0, TimeSpan.Zero),
            PullStoppedAt = Started,
            Attachments =
            [
                new Attachment
                {
                    Type = "ElasticNetworkInterface",
                    Details =
                    [
                        new KeyValue { Name = "privateIPv4Address", Value = "10.89.0.7" },
                        new KeyValue { Name = "macAddress", Value = "02:42:0a:59:00:07" },
                        new KeyValue { Name = "privateDnsName", Value = "ip-10-89-0-7.ec2.internal" },
                    ],
                },
            ],
            Containers = [new TaskContainer { Name = "app", LastStatus = "RUNNING", ContainerArn = "arn:aws:ecs:us-east-1:000000000000:container/web/x/1" }],
        },
        Definition = new TaskDefinition
        {
            Family = "web",
            Revision = 3,
            ContainerDefinitions =
            [
                new ContainerDefinition
                {
                    Name = "app",
                    Image = "busybox:1",
                    Cpu = 128,
                    Memory = 256,
                    DockerLabels = new() { ["team"] = "x" },
                    LogConfiguration = new LogConfiguration { LogDriver = "awslogs", Options = new() { ["awslogs-group"] = "g", ["awslogs-stream-prefix"] = "p" } },
                },
            ],
        },
        SubnetCidr = "10.89.0.0/16",
        Gateway = "10.89.0.1",
    };
}
