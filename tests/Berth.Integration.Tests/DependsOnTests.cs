using System.Text.Json.Nodes;
using Berth.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Berth.Integration.Tests;

/// <summary>dependsOn conditions order container starts; an unmeetable one fails the task.</summary>
[Trait("Requires", "Docker")]
public sealed class DependsOnTests(BerthFixture fixture, ITestOutputHelper output) : BerthTestBase(fixture, output)
{
    static JsonObject DependsOn(JsonObject container, string on, string condition)
    {
        container["dependsOn"] = new JsonArray(new JsonObject { ["containerName"] = on, ["condition"] = condition });
        return container;
    }

    [BerthFact]
    public async Task DependsOnSuccess_DependentStartsAfterDependencyExitedZero_AndFailedDependencyStopsTask()
    {
        if (Skipped())
            return;

        var okTd = await RegisterAsync("success",
            Container("init", "echo preparing; sleep 1; echo prepared; exit 0", essential: false),
            DependsOn(Container("app", Sleeper), "init", "SUCCESS"));
        var failTd = await RegisterAsync("failure",
            Container("init", "echo cannot prepare; exit 1", essential: false),
            DependsOn(Container("app", Sleeper), "init", "SUCCESS"));
        var ok = await RunOneAsync(okTd);
        var fail = await RunOneAsync(failTd);

        var running = await WaitForAsync(ok, t => t.LastStatus == "RUNNING" && t.Container("app").LastStatus == "RUNNING", "RUNNING with app running");
        Assert.Equal("STOPPED", running.Container("init").LastStatus);
        Assert.Equal(0, running.Container("init").ExitCode);
        var init = await InspectAsync(running, "init");
        var app = await InspectAsync(running, "app");
        Assert.NotNull(init.State?.FinishedAt);
        Assert.NotNull(app.State?.StartedAt);
        Assert.True(app.State.StartedAt >= init.State.FinishedAt,
            $"app started at {app.State.StartedAt:O}, before init finished at {init.State.FinishedAt:O}");

        var failed = await WaitForStoppedAsync(fail);
        Assert.Equal("TaskFailedToStart", failed.StopCode);
        Assert.Equal(1, failed.Container("init").ExitCode);
        Assert.Null(failed.Container("app").ExitCode);
        var neverStarted = await InspectAsync(failed, "app");
        Assert.Null(neverStarted.State?.StartedAt);
        Assert.Equal("created", neverStarted.State?.Status);
    }

    [BerthFact]
    public async Task DependsOnHealthy_DependentStartsOnlyOnceHealthy_AndHealthStatusBecomesHealthy()
    {
        if (Skipped())
            return;

        var db = Container("db", "echo ready > /tmp/ready; " + Sleeper);
        db["healthCheck"] = new JsonObject
        {
            ["command"] = new JsonArray("CMD-SHELL", "test -f /tmp/ready"),
            ["interval"] = 5,
            ["timeout"] = 2,
            ["retries"] = 3,
        };
        var td = await RegisterAsync("healthy", db, DependsOn(Container("app", Sleeper), "db", "HEALTHY"));
        var arn = await RunOneAsync(td);

        var task = await WaitForAsync(arn,
            t => t.LastStatus == "RUNNING" && t.HealthStatus == "HEALTHY" && t.Container("app").LastStatus == "RUNNING",
            "RUNNING, HEALTHY, app running");
        Assert.Equal("HEALTHY", task.Container("db").HealthStatus);

        var dbInspect = await InspectAsync(task, "db");
        var appInspect = await InspectAsync(task, "app");
        Assert.Equal("healthy", dbInspect.State?.Health?.Status);
        var appStarted = appInspect.State!.StartedAt!.Value;
        var dbStarted = dbInspect.State!.StartedAt!.Value;

        // The engine runs the first check one interval (5 s) after the start: nothing can be healthy before.
        Assert.True(appStarted - dbStarted >= TimeSpan.FromSeconds(4), $"app started {appStarted - dbStarted} after db, before its first health check");
        var firstPass = dbInspect.State.Health!.Log?.Where(l => l.ExitCode == 0).Select(l => l.End).Min();
        Assert.NotNull(firstPass);
        Assert.True(appStarted >= firstPass, $"app started at {appStarted:O}, before db's first passing check ended at {firstPass:O}");
    }
}
