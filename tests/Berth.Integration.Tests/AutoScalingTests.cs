using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Berth.Integration.Tests;

/// <summary>
/// Application Auto Scaling end to end on the real engine: target tracking on CPU scales a service out under a
/// bounded CPU load and back in once it stops, and on requests per target scales out under bounded HTTP load through
/// the load balancer. The fixture's berthd measures every second and gives target tracking short alarm periods.
/// </summary>
[Trait("Requires", "Docker")]
public sealed class AutoScalingTests(BerthFixture fixture, ITestOutputHelper output) : WebServiceTestBase(fixture, output)
{
    const string Dimension = "ecs:service:DesiredCount";

    string ResourceId(string service) => $"service/{Cluster}/{service}";

    async Task RegisterTargetAsync(string service, int min, int max) =>
        await Ecs.AutoScalingAsync("RegisterScalableTarget", new JsonObject
        {
            ["ServiceNamespace"] = "ecs",
            ["ResourceId"] = ResourceId(service),
            ["ScalableDimension"] = Dimension,
            ["MinCapacity"] = min,
            ["MaxCapacity"] = max,
        }, Ct);

    async Task<JsonElement> PolicyAsync(string service, string name, JsonObject predefined, double target) =>
        await Ecs.AutoScalingAsync("PutScalingPolicy", new JsonObject
        {
            ["PolicyName"] = name,
            ["ServiceNamespace"] = "ecs",
            ["ResourceId"] = ResourceId(service),
            ["ScalableDimension"] = Dimension,
            ["PolicyType"] = "TargetTrackingScaling",
            ["TargetTrackingScalingPolicyConfiguration"] = new JsonObject
            {
                ["TargetValue"] = target,
                ["PredefinedMetricSpecification"] = predefined,
                ["ScaleOutCooldown"] = 10,
                ["ScaleInCooldown"] = 10,
            },
        }, Ct);

    async Task<List<JsonElement>> ActivitiesAsync(string service)
    {
        var r = await Ecs.AutoScalingAsync("DescribeScalingActivities", new JsonObject
        {
            ["ServiceNamespace"] = "ecs",
            ["ResourceId"] = ResourceId(service),
            ["ScalableDimension"] = Dimension,
        }, Ct);
        return r.GetProperty("ScalingActivities").EnumerateArray().Select(a => a.Clone()).ToList();
    }

    async Task CleanUpAsync(string service)
    {
        await Ecs.AutoScalingAsync("DeregisterScalableTarget", new JsonObject
        {
            ["ServiceNamespace"] = "ecs",
            ["ResourceId"] = ResourceId(service),
            ["ScalableDimension"] = Dimension,
        }, Ct);
        await Ecs.EcsAsync("DeleteService", new JsonObject { ["cluster"] = Cluster, ["service"] = service, ["force"] = true }, Ct);
        await EventuallyAsync(() => ServiceAsync(service), s => s.GetProperty("status").GetString() == "INACTIVE", "the service to be deleted", TimeSpan.FromSeconds(90));
    }

    [BerthFact]
    public async Task CpuTargetTracking_ScalesOutUnderLoad_AndBackInAfterIt_WithinMinMax()
    {
        if (Skipped())
            return;
        // Every task of the service burns its quarter vCPU until the same moment, then idles: a bounded load.
        var until = DateTimeOffset.UtcNow.AddSeconds(60).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var burn = Container("app", $"while [ $(date +%s) -lt {until} ]; do i=0; while [ $i -lt 5000 ]; do i=$((i+1)); done; done; {Sleeper}");
        var td = await RegisterAsync("cpu", burn);
        await Ecs.EcsAsync("CreateService", new JsonObject { ["cluster"] = Cluster, ["serviceName"] = "cpu", ["taskDefinition"] = td, ["desiredCount"] = 1 }, Ct);
        await RegisterTargetAsync("cpu", 1, 3);
        var policy = await PolicyAsync("cpu", "cpu50", new JsonObject { ["PredefinedMetricType"] = "ECSServiceAverageCPUUtilization" }, 50);
        var alarms = policy.GetProperty("Alarms").EnumerateArray().Select(a => a.GetProperty("AlarmName").GetString()!).ToList();
        Assert.Contains(alarms, a => a.StartsWith($"TargetTracking-service/{Cluster}/cpu-AlarmHigh-", StringComparison.Ordinal));
        Assert.Contains(alarms, a => a.StartsWith($"TargetTracking-service/{Cluster}/cpu-AlarmLow-", StringComparison.Ordinal));

        var highest = 0;
        await EventuallyAsync(async () =>
        {
            var desired = (await ServiceAsync("cpu")).GetProperty("desiredCount").GetInt32();
            highest = Math.Max(highest, desired);
            return desired;
        }, d => d >= 2, "a scale-out under CPU load", TimeSpan.FromSeconds(120));
        await EventuallyAsync(async () =>
        {
            var desired = (await ServiceAsync("cpu")).GetProperty("desiredCount").GetInt32();
            highest = Math.Max(highest, desired);
            return desired;
        }, d => d == 1, "a scale-in back to 1 after the load stopped", TimeSpan.FromSeconds(300));
        Assert.InRange(highest, 2, 3);

        var activities = await ActivitiesAsync("cpu");
        foreach (var a in activities)
            Output.WriteLine($"{a.GetProperty("StatusCode").GetString()}: {a.GetProperty("Description").GetString()} — {a.GetProperty("Cause").GetString()}");
        Assert.Contains(activities, a => a.GetProperty("Cause").GetString()!.Contains("AlarmHigh", StringComparison.Ordinal)
            && a.GetProperty("Cause").GetString()!.Contains("triggered policy cpu50", StringComparison.Ordinal)
            && a.GetProperty("StatusCode").GetString() == "Successful");
        Assert.Contains(activities, a => a.GetProperty("Cause").GetString()!.Contains("AlarmLow", StringComparison.Ordinal)
            && a.GetProperty("Description").GetString() == "Setting desired count to 1.");
        await CleanUpAsync("cpu");
    }

    [BerthFact]
    public async Task RequestCountTargetTracking_ScalesOutOnLoadBalancerTraffic()
    {
        if (Skipped())
            return;
        using var elb = new ElbClient(Fixture.Berth.Endpoint, BerthFixture.AccessKeyId, BerthFixture.SecretAccessKey);
        var (tg, port, lb) = await LoadBalancerAsync(elb, $"{Cluster}-req"[..24], "/health");
        var td = await RegisterAsync("req", WebContainer(Web("v1")));
        await Ecs.EcsAsync("CreateService", new JsonObject
        {
            ["cluster"] = Cluster,
            ["serviceName"] = "req",
            ["taskDefinition"] = td,
            ["desiredCount"] = 1,
            ["loadBalancers"] = new JsonArray(LoadBalancers(tg)),
        }, Ct);
        await EventuallyAsync(() => HealthyTargetsAsync(elb, tg), n => n == 1, "a healthy target", TimeSpan.FromSeconds(90));
        await RegisterTargetAsync("req", 1, 2);
        var label = $"{lb[(lb.IndexOf(":loadbalancer/", StringComparison.Ordinal) + 14)..]}/{tg[(tg.LastIndexOf(':') + 1)..]}";
        await PolicyAsync("req", "req20", new JsonObject { ["PredefinedMetricType"] = "ALBRequestCountPerTarget", ["ResourceLabel"] = label }, 20);

        // Bounded load: 100 requests a second through the listener (500 per 5 s period, 25 times the target) for at
        // most 2 minutes, until it scales; the high alarm wants 3 periods above the target.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var url = $"http://127.0.0.1:{port}/";
        var (sent, desired) = (0, 1);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (desired < 2 && DateTime.UtcNow < deadline)
        {
            var second = Task.Delay(TimeSpan.FromSeconds(1), Ct);
            for (var i = 0; i < 100; i++, sent++)
                (await http.GetAsync(url, Ct)).Dispose();
            await second;
            desired = (await ServiceAsync("req")).GetProperty("desiredCount").GetInt32();
        }
        Output.WriteLine($"{sent} requests sent; desired count {desired}");
        Assert.Equal(2, desired);
        var activities = await ActivitiesAsync("req");
        Assert.Contains(activities, a => a.GetProperty("Description").GetString() == "Setting desired count to 2."
            && a.GetProperty("Cause").GetString()!.Contains("triggered policy req20", StringComparison.Ordinal));
        await CleanUpAsync("req");
    }
}
