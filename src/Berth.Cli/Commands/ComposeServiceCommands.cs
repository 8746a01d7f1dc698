using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth compose service up|create|start|scale|stop|rm|ps</c>: the project as an ECS service named after it, as
/// <c>ecs-cli compose service</c> ran it; each change waits until the service is steady, printing its events.
/// </summary>
static class ComposeServiceCommands
{
    public static Command Create()
    {
        var service = new Command("service", "Run the project as an ECS service (name = project name), kept at its desired count");
        var maxPercent = new Option<int?>("--deployment-max-percent") { Description = "Upper limit on running tasks during a deployment, in % of the desired count (default 200)" };
        var minHealthy = new Option<int?>("--deployment-min-healthy-percent") { Description = "Lower limit on healthy tasks during a deployment, in % of the desired count (default 100)" };
        var targetGroup = new Option<string?>("--target-group-arn") { Description = "Register the tasks with this target group (with --container-name and --container-port)" };
        var containerName = new Option<string?>("--container-name") { Description = "The container the target group sends traffic to" };
        var containerPort = new Option<int?>("--container-port") { Description = "The container port the target group sends traffic to" };
        var grace = new Option<int?>("--health-check-grace-period") { Description = "Seconds to ignore load balancer health checks after a task starts" };
        var forceDeployment = new Option<bool>("--force-deployment") { Description = "Roll out new tasks even if nothing changed" };
        Option[] serviceOptions = [maxPercent, minHealthy, targetGroup, containerName, containerPort, grace, forceDeployment];

        var up = new Command("up", "Create the service (or update it to the current task definition) and wait until it is steady");
        foreach (var o in serviceOptions)
            up.Options.Add(o);
        up.Examples("berth compose service up", "berth compose service up --deployment-max-percent 200 --deployment-min-healthy-percent 50",
            "berth compose service up --target-group-arn <arn> --container-name web --container-port 80");
        up.SetAction((parse, ct) => Run(parse, ct, async (s, ct) =>
        {
            var existing = await DescribeAsync(s, ct);
            var deployment = new JsonObject();
            if (parse.GetValue(maxPercent) is { } max)
                deployment["maximumPercent"] = max;
            if (parse.GetValue(minHealthy) is { } min)
                deployment["minimumHealthyPercent"] = min;
            if (existing is null)
            {
                var req = CreateRequest(s, 1);
                if (deployment.Count > 0)
                    req["deploymentConfiguration"] = deployment;
                if (parse.GetValue(targetGroup) is { } tg)
                {
                    req["loadBalancers"] = new JsonArray(new JsonObject
                    {
                        ["targetGroupArn"] = tg,
                        ["containerName"] = parse.GetValue(containerName) ?? throw new CliException("--target-group-arn needs --container-name (and --container-port)."),
                        ["containerPort"] = parse.GetValue(containerPort) ?? throw new CliException("--target-group-arn needs --container-port (and --container-name)."),
                    });
                }
                if (parse.GetValue(grace) is { } g)
                    req["healthCheckGracePeriodSeconds"] = g;
                await s.Client.CallAsync("ecs", Listing.Ecs + "CreateService", req.ToJsonString(), ct);
                s.Log.Info("Created an ECS service", ("service", s.Project.Name), ("taskDefinition", s.TaskDefinition));
            }
            else
            {
                var desired = Math.Max(1, existing.Value.GetProperty("desiredCount").GetInt32());
                var req = new JsonObject
                {
                    ["cluster"] = s.Cluster, ["service"] = s.Project.Name, ["taskDefinition"] = s.TaskDefinition, ["desiredCount"] = desired,
                    ["forceNewDeployment"] = parse.GetValue(forceDeployment),
                };
                if (deployment.Count > 0)
                    req["deploymentConfiguration"] = deployment;
                if (s.Project.NetworkConfiguration is { } network)
                    req["networkConfiguration"] = network.DeepClone();
                await s.Client.CallAsync("ecs", Listing.Ecs + "UpdateService", req.ToJsonString(), ct);
                s.Log.Info("Updated ECS service", ("service", s.Project.Name), ("taskDefinition", s.TaskDefinition), ("desiredCount", desired.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            await SteadyAsync(s, ct);
        }));
        service.Subcommands.Add(up);

        var create = new Command("create", "Create the service with no tasks running (start it with service start)");
        create.SetAction((parse, ct) => Run(parse, ct, async (s, ct) =>
        {
            if (await DescribeAsync(s, ct) is not null)
                throw new CliException($"Service {s.Project.Name} already exists in cluster {s.Cluster}; use berth compose service up to update it.");
            await s.Client.CallAsync("ecs", Listing.Ecs + "CreateService", CreateRequest(s, 0).ToJsonString(), ct);
            s.Log.Info("Created an ECS service", ("service", s.Project.Name), ("taskDefinition", s.TaskDefinition));
        }));
        service.Subcommands.Add(create);

        var count = new Argument<int>("count") { Description = "How many tasks the service should keep running" };
        var scale = new Command("scale", "Set the service's desired count and wait until it is steady") { count };
        scale.Examples("berth compose service scale 3");
        scale.SetAction((parse, ct) => Existing(parse, ct, (s, _) => parse.GetValue(count) is >= 0 and var n ? n : throw new CliException("scale: the count cannot be negative.")));
        service.Subcommands.Add(scale);

        var start = new Command("start", "Start the service's tasks (desired count 1 when it is 0)");
        start.SetAction((parse, ct) => Existing(parse, ct, (_, current) => Math.Max(1, current)));
        service.Subcommands.Add(start);

        var stop = new Command("stop", "Stop the service's tasks (desired count 0), keeping the service");
        stop.SetAction((parse, ct) => Existing(parse, ct, (_, _) => 0));
        service.Subcommands.Add(stop);

        var rm = new Command("rm", "Scale the service to 0, delete it and wait until its tasks have stopped");
        rm.Aliases.Add("delete");
        rm.SetAction(async (parse, ct) =>
        {
            using var s = ComposeSession.Open(parse);
            if (await DescribeAsync(s, ct) is null)
                throw new CliException($"Service {s.Project.Name} not found in cluster {s.Cluster}.");
            var tasks = await Listing.AllAsync(s.Client, "ListTasks", new JsonObject { ["cluster"] = s.Cluster, ["serviceName"] = s.Project.Name }, "taskArns", ct);
            await s.Client.CallAsync("ecs", Listing.Ecs + "UpdateService", new JsonObject { ["cluster"] = s.Cluster, ["service"] = s.Project.Name, ["desiredCount"] = 0 }.ToJsonString(), ct);
            await s.Client.CallAsync("ecs", Listing.Ecs + "DeleteService", new JsonObject { ["cluster"] = s.Cluster, ["service"] = s.Project.Name, ["force"] = true }.ToJsonString(), ct);
            s.Log.Info("Deleted ECS service", ("service", s.Project.Name));
            if (tasks.Count > 0)
                await ComposeTaskWatch.UntilStoppedAsync(s, tasks, TimeSpan.FromMinutes(parse.GetValue(ComposeTaskCommands.Timeout)), ct);
            return 0;
        });
        service.Subcommands.Add(rm);

        var ps = new Command("ps", "List the containers of the service's tasks");
        ps.WithFormat();
        ps.SetAction(async (parse, ct) =>
        {
            using var s = ComposeSession.Open(parse);
            var table = new TaskTable(s.Client, s.Cluster);
            await table.AddAsync(await Listing.AllAsync(s.Client, "ListTasks", new JsonObject { ["cluster"] = s.Cluster, ["serviceName"] = s.Project.Name }, "taskArns", ct), ct);
            Output.Table(TaskTable.Headers, table.Rows);
            return 0;
        });
        service.Subcommands.Add(ps);
        return service;
    }

    static JsonObject CreateRequest(ComposeSession s, int desired)
    {
        var req = new JsonObject
        {
            ["cluster"] = s.Cluster, ["serviceName"] = s.Project.Name, ["taskDefinition"] = s.TaskDefinition, ["desiredCount"] = desired, ["launchType"] = "FARGATE",
        };
        if (s.Project.NetworkConfiguration is { } network)
            req["networkConfiguration"] = network.DeepClone();
        return req;
    }

    static async Task<int> Run(ParseResult parse, CancellationToken ct, Func<ComposeSession, CancellationToken, Task> body)
    {
        using var s = ComposeSession.Open(parse);
        await s.RegisterAsync(ct);
        await body(s, ct);
        return 0;
    }

    /// <summary>Changes an existing service's desired count (from its current one) and waits until it is steady.</summary>
    static async Task<int> Existing(ParseResult parse, CancellationToken ct, Func<ComposeSession, int, int> desired)
    {
        using var s = ComposeSession.Open(parse);
        var existing = await DescribeAsync(s, ct) ?? throw new CliException($"Service {s.Project.Name} not found in cluster {s.Cluster}; create it with: berth compose service up");
        var count = desired(s, existing.GetProperty("desiredCount").GetInt32());
        await s.Client.CallAsync("ecs", Listing.Ecs + "UpdateService", new JsonObject { ["cluster"] = s.Cluster, ["service"] = s.Project.Name, ["desiredCount"] = count }.ToJsonString(), ct);
        s.Log.Info("Updated ECS service desired count", ("service", s.Project.Name), ("desiredCount", count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await SteadyAsync(s, ct);
        return 0;
    }

    static async Task<JsonElement?> DescribeAsync(ComposeSession s, CancellationToken ct)
    {
        var resp = await s.Client.CallAsync("ecs", Listing.Ecs + "DescribeServices",
            new JsonObject { ["cluster"] = s.Cluster, ["services"] = Listing.Array([s.Project.Name]) }.ToJsonString(), ct);
        return resp.GetProperty("services").EnumerateArray().Where(x => Listing.Str(x, "status") == "ACTIVE").Select(x => (JsonElement?)x).FirstOrDefault();
    }

    /// <summary>Prints the service's new events and counts until one deployment runs the desired count (at most 10 minutes).</summary>
    static async Task SteadyAsync(ComposeSession s, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var seen = new HashSet<string>();
        var first = true;
        var lastCounts = "";
        try
        {
            while (true)
            {
                var svc = await DescribeAsync(s, ct) ?? throw new CliException($"Service {s.Project.Name} is no longer active.");
                var events = svc.GetProperty("events").EnumerateArray().Reverse().ToList();
                foreach (var e in events.Where(e => seen.Add(Listing.Str(e, "id"))))
                {
                    if (!first) // Events from before this command are history, not progress.
                        s.Log.Info(Listing.Str(e, "message"));
                }
                first = false;
                var desired = svc.GetProperty("desiredCount").GetInt32();
                var running = svc.GetProperty("runningCount").GetInt32();
                var deployments = svc.GetProperty("deployments").GetArrayLength();
                var counts = $"{desired}/{running}/{deployments}";
                var fields = new[] { ("desiredCount", desired.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("runningCount", running.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("serviceName", s.Project.Name) };
                if (deployments == 1 && running == desired && svc.GetProperty("pendingCount").GetInt32() == 0)
                {
                    s.Log.Info("ECS Service has reached a stable state", fields);
                    return;
                }
                if (counts != lastCounts)
                    s.Log.Info("Service status", fields);
                lastCounts = counts;
                s.Log.Status($"waiting for service {s.Project.Name}: {running} of {desired} running, {deployments} deployment(s) ({(int)clock.Elapsed.TotalSeconds}s)");
                if (clock.Elapsed > TimeSpan.FromMinutes(10))
                    throw new CliException($"Service {s.Project.Name} did not become steady within 10 minutes; see berth compose service ps and berth services -c {s.Cluster}.");
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
        finally
        {
            s.Log.Status(null);
        }
    }
}
