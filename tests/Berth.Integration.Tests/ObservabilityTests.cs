using System.Text.Json.Nodes;
using Berth.Integration.Tests.Infrastructure;
using Berth.TestSupport;
using Xunit.Abstractions;

namespace Berth.Integration.Tests;

/// <summary>berthd's own health: /readyz once the engine answers, and /metrics in the Prometheus text format.</summary>
[Trait("Requires", "Docker")]
public sealed class ObservabilityTests(BerthFixture fixture, ITestOutputHelper output) : BerthTestBase(fixture, output)
{
    [BerthFact]
    public async Task Metrics_CountApiRequestsControllerPassesEngineCallsAndTasks_AndReadyzAnswers()
    {
        if (Skipped())
            return;
        using var http = new HttpClient { BaseAddress = Fixture.Berth.Endpoint };
        var ready = await http.GetAsync(new Uri("readyz", UriKind.Relative), Ct);
        Assert.Equal(200, (int)ready.StatusCode);

        var td = await RegisterAsync("obs", Container("app", Sleeper));
        await WaitForStatusAsync(await RunOneAsync(td), "RUNNING");
        await Ecs.EcsAsync("ListClusters", new JsonObject(), Ct);
        using var missing = await Ecs.CallAsync($"{EcsClient.EcsPrefix}.DescribeNothing", "{}", Ct);

        var text = await EventuallyAsync(() => http.GetStringAsync(new Uri("metrics", UriKind.Relative), Ct),
            t => PrometheusText.Parse(t).GetValueOrDefault("berth_tasks{status=\"RUNNING\"}") >= 1, "a RUNNING task in berth_tasks");
        var s = PrometheusText.Parse(text);
        Assert.True(s["berth_api_requests_total{api=\"ecs\",code=\"200\",operation=\"ListClusters\"}"] >= 1);
        Assert.True(s["berth_api_requests_total{api=\"json\",code=\"400\",operation=\"unknown\"}"] >= 1);
        Assert.True(s["berth_api_request_duration_seconds_count{api=\"ecs\",operation=\"RunTask\"}"] >= 1);
        Assert.True(s["berth_controller_loop_duration_seconds_count{controller=\"task-controller\"}"] >= 1);
        Assert.True(s["berth_controller_loop_duration_seconds_count{controller=\"service-scheduler\"}"] >= 1);
        Assert.Contains(s, kv => kv.Key.StartsWith("berth_engine_calls_total{method=\"POST\",outcome=\"201\",resource=\"containers\"}", StringComparison.Ordinal) && kv.Value >= 1);
        Assert.True(s.ContainsKey("berth_tasks{status=\"STOPPED\"}"));
    }
}
