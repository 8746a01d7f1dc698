using System.Text.Json.Nodes;
using Berth.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Berth.Integration.Tests;

/// <summary>
/// A service behind an application load balancer on the real engine and HAProxy: requests keep flowing through a
/// rolling deployment at minimumHealthyPercent 100 without one failure, and a task failing its ELB health checks is replaced.
/// </summary>
[Trait("Requires", "Docker")]
public sealed class LoadBalancedServiceTests(BerthFixture fixture, ITestOutputHelper output) : WebServiceTestBase(fixture, output)
{
    [BerthFact]
    public async Task RollingDeployment_UnderContinuousRequests_LosesNone()
    {
        if (Skipped())
            return;
        using var elb = new ElbClient(Fixture.Berth.Endpoint, BerthFixture.AccessKeyId, BerthFixture.SecretAccessKey);
        var (tg, port, _) = await LoadBalancerAsync(elb, $"{Cluster}-roll"[..24], "/health");
        var td1 = await RegisterAsync("web", WebContainer(Web("v1")));
        await Ecs.EcsAsync("CreateService", new JsonObject
        {
            ["cluster"] = Cluster,
            ["serviceName"] = "web",
            ["taskDefinition"] = td1,
            ["desiredCount"] = 2,
            ["loadBalancers"] = new JsonArray(LoadBalancers(tg)),
        }, Ct);
        await EventuallyAsync(() => HealthyTargetsAsync(elb, tg), n => n == 2, "two healthy targets", TimeSpan.FromSeconds(90));

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var url = $"http://127.0.0.1:{port}/";
        Assert.Equal("v1", (await http.GetStringAsync(url, Ct)).Trim());

        var td2 = await RegisterAsync("web", WebContainer(Web("v2")));
        await Ecs.EcsAsync("UpdateService", new JsonObject { ["cluster"] = Cluster, ["service"] = "web", ["taskDefinition"] = td2 }, Ct);

        // A bounded load: one request after another until v2 alone answers, at most 3 minutes.
        var (ok, failed, v2) = (0, 0, 0);
        var failures = new List<string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var r = await http.GetAsync(url, Ct);
                var body = (await r.Content.ReadAsStringAsync(Ct)).Trim();
                if (r.IsSuccessStatusCode)
                    ok++;
                else
                {
                    failed++;
                    failures.Add($"{(int)r.StatusCode} {body}");
                }
                v2 = body == "v2" ? v2 + 1 : 0;
            }
            catch (HttpRequestException e)
            {
                failed++;
                failures.Add(e.Message);
            }
            var s = await ServiceAsync("web");
            if (v2 >= 20 && s.GetProperty("deployments").GetArrayLength() == 1 && s.GetProperty("runningCount").GetInt32() == 2)
                break;
        }
        Output.WriteLine($"{ok} requests answered, {failed} failed during the deployment");
        Assert.True(failed == 0, $"{failed} failed requests: {string.Join("; ", failures.Take(5))}");
        Assert.True(v2 >= 20, "the deployment did not finish within 3 minutes");
        Assert.True(ok > 50, $"only {ok} requests were made during the deployment");
        await Ecs.EcsAsync("DeleteService", new JsonObject { ["cluster"] = Cluster, ["service"] = "web", ["force"] = true }, Ct);
        await EventuallyAsync(() => ServiceAsync("web"), s => s.GetProperty("status").GetString() == "INACTIVE", "the service to be deleted");
    }

    [BerthFact]
    public async Task TaskFailingElbHealthChecks_IsReplaced_WithTheEcsReason()
    {
        if (Skipped())
            return;
        using var elb = new ElbClient(Fixture.Berth.Endpoint, BerthFixture.AccessKeyId, BerthFixture.SecretAccessKey);
        var (tg, _, _) = await LoadBalancerAsync(elb, $"{Cluster}-sick"[..24], "/missing");
        var td = await RegisterAsync("sick", WebContainer(Web("v1")));
        await Ecs.EcsAsync("CreateService", new JsonObject
        {
            ["cluster"] = Cluster,
            ["serviceName"] = "sick",
            ["taskDefinition"] = td,
            ["desiredCount"] = 1,
            ["loadBalancers"] = new JsonArray(LoadBalancers(tg)),
            ["healthCheckGracePeriodSeconds"] = 0,
        }, Ct);
        var stopped = await EventuallyAsync(async () =>
        {
            var list = await Ecs.EcsAsync("ListTasks", new JsonObject { ["cluster"] = Cluster, ["serviceName"] = "sick", ["desiredStatus"] = "STOPPED" }, Ct);
            var arns = list.GetProperty("taskArns").EnumerateArray().Select(a => a.GetString()!).ToList();
            foreach (var a in arns)
                Fixture.Track(a);
            return arns.Count == 0 ? [] : await Ecs.DescribeTasksAsync(Cluster, arns, Ct);
        }, t => t.Count > 0, "a task stopped for failing its health checks", TimeSpan.FromSeconds(90));
        var reason = stopped[0].Json.GetProperty("stoppedReason").GetString();
        Assert.Equal($"Task failed ELB health checks in (target-group {tg})", reason);
        Assert.Equal("ServiceSchedulerInitiated", stopped[0].Json.GetProperty("stopCode").GetString());
        var events = (await ServiceAsync("sick")).GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()!).ToList();
        Assert.Contains(events, m => m.Contains($"is unhealthy in (target-group {tg})", StringComparison.Ordinal));
        await Ecs.EcsAsync("DeleteService", new JsonObject { ["cluster"] = Cluster, ["service"] = "sick", ["force"] = true }, Ct);
        await EventuallyAsync(() => ServiceAsync("sick"), s => s.GetProperty("status").GetString() == "INACTIVE", "the service to be deleted");
    }
}
