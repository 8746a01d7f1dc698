using System.Globalization;
using System.Net;
using System.Text.Json;
using Berth.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Berth.Integration.Tests;

/// <summary>Each task is its own network namespace and cgroup; its containers share them and are hardened.</summary>
[Trait("Requires", "Docker")]
public sealed class IsolationTests(BerthFixture fixture, ITestOutputHelper output) : BerthTestBase(fixture, output)
{
    const string DefaultSubnet = "10.89.0.0/16";

    /// <summary>Serves on 127.0.0.1:8080 inside the task's namespace.</summary>
    const string Web = "mkdir -p /www && echo berth-ok > /www/index.html && exec httpd -f -p 8080 -h /www";

    /// <summary>Fetches from the web container over localhost; exits 0 once it got the page.</summary>
    const string Client =
        "for i in $(seq 1 30); do if wget -q -O /tmp/page http://127.0.0.1:8080/ && test \"$(cat /tmp/page)\" = berth-ok; then echo fetched; exit 0; fi; sleep 1; done; exit 1";

    [BerthFact]
    public async Task RunTask_TwoTasks_GetDistinctAddressesInSubnet_AndTheirContainersShareLocalhost()
    {
        if (Skipped())
            return;

        var td = await RegisterAsync("net", Container("web", Web), Container("client", Client, essential: false));
        var arns = await RunAsync(td, count: 2);
        Assert.Equal(2, arns.Count);

        var tasks = await Task.WhenAll(arns.Select(arn => WaitForAsync(arn,
            t => t.LastStatus == "RUNNING" && t.Container("client").LastStatus == "STOPPED", "RUNNING with the client container finished")));

        var subnet = IPNetwork.Parse(DefaultSubnet);
        var addresses = new List<string>();
        foreach (var task in tasks)
        {
            // Both containers of the task reached each other on localhost.
            var client = task.Container("client");
            Assert.True(client.ExitCode == 0, $"client could not fetch from web over localhost: {task}");
            Assert.Equal("RUNNING", task.Container("web").LastStatus);

            // The address is reported in the ENI attachment and on every container, and it is the sandbox's.
            Assert.Equal("ATTACHED", task.EniStatus);
            var ip = task.EniDetails.GetValueOrDefault("privateIPv4Address");
            Assert.False(string.IsNullOrEmpty(ip), $"no privateIPv4Address in the attachment: {task}");
            Assert.True(subnet.Contains(IPAddress.Parse(ip!)), $"{ip} is outside {DefaultSubnet}");
            foreach (var c in task.Containers)
                Assert.Equal([ip], c.PrivateIpv4Addresses);
            Assert.Equal($"ip-{ip!.Replace('.', '-')}.ec2.internal", task.EniDetails.GetValueOrDefault("privateDnsName"));
            Assert.False(string.IsNullOrEmpty(task.EniDetails.GetValueOrDefault("macAddress")));

            var pause = await Engine.Containers.InspectAsync(EngineName(task.TaskId, "pause"), Ct);
            Assert.NotNull(pause);
            Assert.Equal(ip, pause.NetworkSettings?.Networks?.GetValueOrDefault("berth")?.IPAddress);
            var web = await InspectAsync(task, "web");
            Assert.Equal($"container:{pause.Id}", web.HostConfig?.NetworkMode);
            addresses.Add(ip);
        }
        Assert.Equal(2, addresses.Distinct().Count());
    }

    [BerthFact]
    public async Task RunTask_TaskCgroupHasTaskSize_AndContainersAreHardenedAndLabelled()
    {
        if (Skipped())
            return;

        var td = await RegisterAsync("limits", "256", "512", Container("app", Sleeper), Container("side", Sleeper));
        var arn = await RunOneAsync(td);
        var task = await WaitForStatusAsync(arn, "RUNNING");
        var id = task.TaskId;
        Assert.Equal("256", task.Cpu);
        Assert.Equal("512", task.Memory);

        // The task cgroup carries the task size.
        if (Cgroups.IsV2)
        {
            Assert.Equal((512L * 1024 * 1024).ToString(CultureInfo.InvariantCulture), Cgroups.Read("memory", id, "memory.max"));
            Assert.Equal("25000 100000", Cgroups.Read("cpu", id, "cpu.max"));
        }
        else
        {
            Assert.Equal(512L * 1024 * 1024, long.Parse(Cgroups.Read("memory", id, "memory.limit_in_bytes"), CultureInfo.InvariantCulture));
            Assert.Equal(25000, long.Parse(Cgroups.Read("cpu", id, "cpu.cfs_quota_us"), CultureInfo.InvariantCulture));
            Assert.Equal(100000, long.Parse(Cgroups.Read("cpu", id, "cpu.cfs_period_us"), CultureInfo.InvariantCulture));
        }
        var pidsMax = Cgroups.Read("pids", id, "pids.max");
        Assert.True(long.TryParse(pidsMax, NumberStyles.None, CultureInfo.InvariantCulture, out var pids) && pids > 0, $"pids.max is '{pidsMax}', not a limit");

        var family = Family("limits");
        foreach (var name in new[] { "app", "side" })
        {
            var inspect = await InspectAsync(task, name);
            Assert.Equal($"/berth/{id}", inspect.HostConfig?.CgroupParent);
            Assert.True(inspect.State?.Running, $"{name} is not running");

            // The container's processes really are inside the task cgroup.
            var procCgroup = await File.ReadAllLinesAsync($"/proc/{inspect.State!.Pid}/cgroup", Ct);
            var memoryLine = procCgroup.FirstOrDefault(l => l.Split(':') is [_, var controllers, _] && (Cgroups.IsV2 ? controllers == "" : controllers.Split(',').Contains("memory")));
            Assert.True(memoryLine?.Contains($"/berth/{id}/", StringComparison.Ordinal) == true, $"{name}'s memory cgroup is '{memoryLine}'");

            using var raw = await Fixture.RawDocker.InspectContainerAsync(inspect.Id, Ct);
            var hostConfig = raw!.RootElement.GetProperty("HostConfig");
            Assert.False(hostConfig.GetProperty("Privileged").GetBoolean(), $"{name} is privileged");
            var securityOpt = hostConfig.TryGetProperty("SecurityOpt", out var so) && so.ValueKind == JsonValueKind.Array
                ? so.EnumerateArray().Select(e => e.GetString()).ToList()
                : [];
            Assert.Contains("no-new-privileges", securityOpt);

            var labels = inspect.Config?.Labels ?? [];
            Assert.Equal(arn, labels.GetValueOrDefault("com.amazonaws.ecs.task-arn"));
            Assert.Equal(name, labels.GetValueOrDefault("com.amazonaws.ecs.container-name"));
            Assert.Equal(Cluster, labels.GetValueOrDefault("com.amazonaws.ecs.cluster"));
            Assert.Equal(family, labels.GetValueOrDefault("com.amazonaws.ecs.task-definition-family"));
            Assert.Equal("1", labels.GetValueOrDefault("com.amazonaws.ecs.task-definition-version"));
        }
    }
}
