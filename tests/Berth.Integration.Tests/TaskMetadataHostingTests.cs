using System.Net;
using System.Net.NetworkInformation;
using System.Text.Json.Nodes;
using Berth.Integration.Tests.Infrastructure;
using Berth.TestSupport;
using Xunit.Abstractions;

namespace Berth.Integration.Tests;

/// <summary>
/// Where the task metadata endpoint lives across berthd's life: the URI a container got keeps working after a crash
/// and restart, and several berthds on one host each serve their own tasks and leave the shared address to the others.
/// </summary>
[Trait("Requires", "Docker")]
public sealed class TaskMetadataHostingTests(BerthFixture fixture, ITestOutputHelper output) : BerthTestBase(fixture, output)
{
    /// <summary>Serves /www on :8080 and writes "ok N" or "fail N" to /www/status after each fetch of its task metadata.</summary>
    const string Poller =
        "trap 'exit 0' TERM; mkdir -p /www; httpd -p 8080 -h /www; n=0; while :; do n=$((n+1)); " +
        "if wget -q -O /www/task \"$ECS_CONTAINER_METADATA_URI_V4/task\"; then echo \"ok $n\" > /www/status; else echo \"fail $n\" > /www/status; fi; " +
        "sleep 1 & wait $!; done";

    static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    [BerthFact]
    public async Task MetadataV4_AfterBerthdIsKilledAndRestarted_SameUriAnswersAgain()
    {
        if (Skipped())
            return;

        var arn = await RunOneAsync(await RegisterAsync("md-restart", Container("app", Poller)));
        var ip = (await WaitForStatusAsync(arn, "RUNNING")).EniDetails.GetValueOrDefault("privateIPv4Address")!;
        await StatusAsync(ip, s => s.StartsWith("ok ", StringComparison.Ordinal), "a first successful fetch");

        await Fixture.KillBerthAsync();
        var down = await StatusAsync(ip, s => s.StartsWith("fail ", StringComparison.Ordinal), "fetches to fail while berthd is down");
        await Fixture.RestartBerthAsync(Ct);

        var up = await StatusAsync(ip, s => s.StartsWith("ok ", StringComparison.Ordinal) && Count(s) > Count(down), "the same URI to answer after the restart");
        Output.WriteLine($"down: {down}, up: {up}");
        var task = JsonNode.Parse(await GetAsync($"http://{ip}:8080/task"))!;
        Assert.Equal(arn, task["TaskARN"]!.GetValue<string>());
    }

    [BerthFact]
    public async Task MetadataV4_SecondBerthdOnTheHost_ServesItsOwnTasks_AndLeavesTheAddressToTheFirst()
    {
        if (Skipped())
            return;

        var dataDirectory = Directory.CreateTempSubdirectory("berth-it-md-").FullName;
        var second = new BerthProcess(dataDirectory, BerthProcess.FreePort(), BerthFixture.AccessKeyId, BerthFixture.SecretAccessKey);
        string? secondUri;
        try
        {
            second.Settings["BERTH_SUBNET"] = "10.87.0.0/16";
            await second.StartAsync(Ct);
            await HostAccess.OpenAsync(second, "10.87.0.1", Ct);
            using var ecs = new EcsClient(second.Endpoint, BerthFixture.AccessKeyId, BerthFixture.SecretAccessKey);
            await ecs.CreateClusterAsync(Cluster, Ct);
            var td = await ecs.RegisterTaskDefinitionAsync(new JsonObject
            {
                ["family"] = Family("md-second"),
                ["requiresCompatibilities"] = new JsonArray("FARGATE"),
                ["networkMode"] = "awsvpc",
                ["cpu"] = "256",
                ["memory"] = "512",
                ["containerDefinitions"] = new JsonArray(Container("app", Poller)),
            }, Ct);
            var arn = (await ecs.RunTaskAsync(Cluster, td, 1, Ct)).Single();
            Fixture.Track(arn);
            TaskView task;
            while ((task = await ecs.DescribeTaskAsync(Cluster, arn, Ct)).LastStatus != "RUNNING")
            {
                Assert.False(task.IsStopped, $"the second berthd's task stopped: {task}\n{second.Tail(40)}");
                await Task.Delay(200, Ct);
            }
            var ip = task.EniDetails.GetValueOrDefault("privateIPv4Address")!;
            await StatusAsync(ip, s => s.StartsWith("ok ", StringComparison.Ordinal), "the second berthd's task to read its metadata");
            Assert.Equal(arn, JsonNode.Parse(await GetAsync($"http://{ip}:8080/task"))!["TaskARN"]!.GetValue<string>());
            secondUri = second.OutputSince(0).LastOrDefault(l => l.Contains("Task metadata endpoint listening on", StringComparison.Ordinal));
            Output.WriteLine($"second berthd: {secondUri}");

            await ecs.StopTaskAsync(Cluster, arn, "test done", Ct);
            while (!(await ecs.DescribeTaskAsync(Cluster, arn, Ct)).IsStopped)
                await Task.Delay(200, Ct);
        }
        finally
        {
            await second.DisposeAsync();
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort.
            }
        }

        // Both listened on one address with different ports; the second's stop left the address to the first.
        var firstUri = Fixture.Berth.OutputSince(0).LastOrDefault(l => l.Contains("Task metadata endpoint listening on", StringComparison.Ordinal));
        Output.WriteLine($"first berthd: {firstUri}");
        Assert.NotNull(firstUri);
        Assert.NotNull(secondUri);
        Assert.NotEqual(firstUri[firstUri.IndexOf("http://", StringComparison.Ordinal)..], secondUri[secondUri.IndexOf("http://", StringComparison.Ordinal)..]);
        if (firstUri.Contains("169.254.170.2", StringComparison.Ordinal))
            Assert.Contains(NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses), a => a.Address.Equals(IPAddress.Parse("169.254.170.2")));
        var arnFirst = await RunOneAsync(await RegisterAsync("md-first", Container("app", Poller)));
        var ipFirst = (await WaitForStatusAsync(arnFirst, "RUNNING")).EniDetails.GetValueOrDefault("privateIPv4Address")!;
        await StatusAsync(ipFirst, s => s.StartsWith("ok ", StringComparison.Ordinal), "the first berthd's task to read its metadata after the second stopped");
    }

    static int Count(string status) => int.Parse(status.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);

    async Task<string> StatusAsync(string ip, Func<string, bool> condition, string what) =>
        (await EventuallyAsync(() => GetAsync($"http://{ip}:8080/status"), s => condition(s.Trim()), what, TimeSpan.FromSeconds(60))).Trim();

    async Task<string> GetAsync(string url)
    {
        try
        {
            return await Http.GetStringAsync(url, Ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return "";
        }
    }
}
