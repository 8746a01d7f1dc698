using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Berth.Ecs.Controllers;
using Berth.Ecs.Model;
using Berth.Ecs.Runtime;
using Berth.Kernel;

namespace Berth.Ecs.TaskMetadata;

/// <summary>
/// The JSON documents of the task metadata endpoint v4 as Fargate writes them (field names and types of AWS's
/// "Task metadata v4 JSON response for tasks on Fargate"): pure functions of the stored task and what the engine
/// observed, so their shape is unit-tested without an engine.
/// </summary>
public static class MetadataDocuments
{
    /// <summary>Docker's embedded DNS server, which a task's resolv.conf names on Berth's (user-defined) bridge network.</summary>
    const string DnsServer = "127.0.0.11";

    /// <summary>Fargate's default ephemeral storage, in GiB.</summary>
    const int DefaultEphemeralGiB = 20;

    /// <summary>The task's own address (its ENI's privateIPv4Address), by which a caller is recognised.</summary>
    public static string? PrivateIp(TaskRecord rec) => Detail(rec, "privateIPv4Address");

    public static JsonObject Task(TaskRecord rec, IReadOnlyList<ObservedContainer> observed, DateTimeOffset now)
    {
        var t = rec.Task;
        var size = TaskPlan.Sandbox(rec);
        var doc = new JsonObject
        {
            ["Cluster"] = t.ClusterArn,
            ["TaskARN"] = t.TaskArn,
            ["Family"] = rec.Definition.Family,
            ["Revision"] = rec.Definition.Revision.ToString(CultureInfo.InvariantCulture),
            ["DesiredStatus"] = t.DesiredStatus,
            ["KnownStatus"] = t.LastStatus,
            ["Limits"] = new JsonObject { ["CPU"] = size.CpuUnits / 1024.0, ["Memory"] = size.MemoryMiB },
        };
        AddTime(doc, "PullStartedAt", t.PullStartedAt);
        AddTime(doc, "PullStoppedAt", t.PullStoppedAt);
        AddTime(doc, "ExecutionStoppedAt", t.ExecutionStoppedAt);
        doc["AvailabilityZone"] = t.AvailabilityZone;
        if (t.Group?.StartsWith("service:", StringComparison.Ordinal) == true)
            doc["ServiceName"] = t.Group["service:".Length..];
        doc["LaunchType"] = "FARGATE";
        doc["Containers"] = new JsonArray(rec.Definition.ContainerDefinitions!
            .Select(d => (JsonNode)Container(rec, d, observed.FirstOrDefault(o => o.Name == d.Name)))
            .ToArray());
        // Containers read the host's own clock (one kernel), so Berth adds no error of its own to it.
        doc["ClockDrift"] = new JsonObject
        {
            ["ClockErrorBound"] = 0.0,
            ["ReferenceTimestamp"] = Time(now),
            ["ClockSynchronizationStatus"] = "SYNCHRONIZED",
        };
        var storageGiB = t.EphemeralStorage?.SizeInGiB ?? rec.Definition.EphemeralStorage?.SizeInGiB ?? DefaultEphemeralGiB;
        doc["EphemeralStorageMetrics"] = new JsonObject { ["Reserved"] = storageGiB * 1024 };
        return doc;
    }

    public static JsonObject Container(TaskRecord rec, ContainerDefinition def, ObservedContainer? observed)
    {
        var t = rec.Task;
        var plan = TaskPlan.Container(rec, def);
        var stored = t.Containers?.FirstOrDefault(c => c.Name == def.Name);
        var labels = new JsonObject();
        foreach (var (k, v) in (def.DockerLabels ?? []).OrderBy(l => l.Key, StringComparer.Ordinal))
            labels[k] = v;
        labels["com.amazonaws.ecs.cluster"] = t.ClusterArn;
        labels["com.amazonaws.ecs.container-name"] = def.Name;
        labels["com.amazonaws.ecs.task-arn"] = t.TaskArn;
        labels["com.amazonaws.ecs.task-definition-family"] = rec.Definition.Family;
        labels["com.amazonaws.ecs.task-definition-version"] = rec.Definition.Revision.ToString(CultureInfo.InvariantCulture);

        var doc = new JsonObject
        {
            ["DockerId"] = observed?.RuntimeId ?? stored?.RuntimeId,
            ["Name"] = def.Name,
            // Fargate reports the container's own name here, not the engine's.
            ["DockerName"] = def.Name,
            ["Image"] = def.Image,
            ["ImageID"] = observed?.ImageId ?? stored?.ImageDigest,
            ["Labels"] = labels,
            ["DesiredStatus"] = t.DesiredStatus,
            ["KnownStatus"] = KnownStatus(observed, stored),
            ["Limits"] = new JsonObject { ["CPU"] = plan.Cpu, ["Memory"] = plan.MemoryMiB ?? 0 },
        };
        AddTime(doc, "CreatedAt", observed?.CreatedAt);
        AddTime(doc, "StartedAt", observed?.StartedAt);
        if (observed?.State == ContainerState.Exited)
        {
            AddTime(doc, "FinishedAt", observed.FinishedAt);
            doc["ExitCode"] = observed.ExitCode;
        }
        doc["Type"] = "NORMAL";
        if (def.HealthCheck is not null && stored?.HealthStatus is { } health)
            doc["Health"] = new JsonObject { ["status"] = health };
        doc["Networks"] = new JsonArray(Network(rec));
        doc["ContainerARN"] = stored?.ContainerArn;
        if (def.LogConfiguration is { } log)
        {
            var options = new JsonObject();
            foreach (var (k, v) in log.Options ?? [])
                options[k] = v;
            if (log.Options?.GetValueOrDefault("awslogs-stream-prefix") is { } prefix)
                options["awslogs-stream"] = $"{prefix}/{def.Name}/{Arns.TaskId(t.TaskArn!)}";
            doc["LogDriver"] = log.LogDriver;
            doc["LogOptions"] = options;
        }
        doc["Snapshotter"] = "overlayfs";
        return doc;
    }

    /// <summary>What the engine sees now: the stored status may lag behind a container that asks right after it started.</summary>
    static string KnownStatus(ObservedContainer? observed, TaskContainer? stored) => observed?.State switch
    {
        ContainerState.Running => "RUNNING",
        ContainerState.Exited => "STOPPED",
        _ => stored?.LastStatus ?? "PENDING",
    };

    /// <summary>The awsvpc network of the task: one interface with the task's address, as every container sees it.</summary>
    static JsonObject Network(TaskRecord rec)
    {
        var ip = PrivateIp(rec);
        var net = new JsonObject
        {
            ["NetworkMode"] = "awsvpc",
            ["IPv4Addresses"] = ip is null ? new JsonArray() : new JsonArray(ip),
            ["AttachmentIndex"] = 0,
            ["MACAddress"] = Detail(rec, "macAddress"),
            ["IPv4SubnetCIDRBlock"] = rec.SubnetCidr,
            ["DomainNameServers"] = new JsonArray(DnsServer),
            ["PrivateDNSName"] = Detail(rec, "privateDnsName"),
        };
        // Fargate writes the gateway with the subnet's prefix length, e.g. 10.0.0.1/20.
        if (rec.Gateway is { } gateway && IPNetwork.TryParse(rec.SubnetCidr, out var subnet))
            net["SubnetGatewayIpv4Address"] = $"{gateway}/{subnet.PrefixLength}";
        return net;
    }

    static string? Detail(TaskRecord rec, string name) =>
        rec.Task.Attachments?.FirstOrDefault(a => a.Type == "ElasticNetworkInterface")?.Details?.FirstOrDefault(d => d.Name == name)?.Value;

    static void AddTime(JsonObject doc, string name, DateTimeOffset? time)
    {
        if (time is { } t)
            doc[name] = Time(t);
    }

    /// <summary>RFC 3339 in UTC with the fraction the clock has, as the agent (Go) writes times.</summary>
    internal static string Time(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
