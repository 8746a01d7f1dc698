using System.Text.Json;

namespace Berth.Integration.Tests.Infrastructure;

/// <summary>A typed read-only view of one ECS <c>Task</c> as DescribeTasks returns it.</summary>
public sealed class TaskView(JsonElement json)
{
    /// <summary>The ECS task lifecycle, in order.</summary>
    public static readonly string[] StatusOrder =
        ["PROVISIONING", "PENDING", "ACTIVATING", "RUNNING", "DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED"];

    public JsonElement Json { get; } = json.Clone();

    public string TaskArn => Str("taskArn")!;

    public string TaskId => TaskArn[(TaskArn.LastIndexOf('/') + 1)..];

    public string? LastStatus => Str("lastStatus");

    public string? DesiredStatus => Str("desiredStatus");

    public string? StopCode => Str("stopCode");

    public string? StoppedReason => Str("stoppedReason");

    public string? HealthStatus => Str("healthStatus");

    public string? Cpu => Str("cpu");

    public string? Memory => Str("memory");

    public DateTimeOffset? CreatedAt => Time("createdAt");

    public DateTimeOffset? PullStartedAt => Time("pullStartedAt");

    public DateTimeOffset? PullStoppedAt => Time("pullStoppedAt");

    public DateTimeOffset? StartedAt => Time("startedAt");

    public DateTimeOffset? StoppingAt => Time("stoppingAt");

    public DateTimeOffset? ExecutionStoppedAt => Time("executionStoppedAt");

    public DateTimeOffset? StoppedAt => Time("stoppedAt");

    public bool IsStopped => LastStatus == "STOPPED";

    public IReadOnlyList<ContainerView> Containers =>
        Json.TryGetProperty("containers", out var cs) ? cs.EnumerateArray().Select(c => new ContainerView(c)).ToList() : [];

    public ContainerView Container(string name) =>
        Containers.SingleOrDefault(c => c.Name == name) ?? throw new InvalidOperationException($"Task {TaskId} has no container '{name}'.");

    /// <summary>The details of the ElasticNetworkInterface attachment (name → value).</summary>
    public IReadOnlyDictionary<string, string?> EniDetails
    {
        get
        {
            var result = new Dictionary<string, string?>();
            if (!Json.TryGetProperty("attachments", out var attachments))
                return result;
            foreach (var a in attachments.EnumerateArray())
            {
                if (a.TryGetProperty("type", out var type) && type.GetString() == "ElasticNetworkInterface" && a.TryGetProperty("details", out var details))
                {
                    foreach (var d in details.EnumerateArray())
                        result[d.GetProperty("name").GetString()!] = d.TryGetProperty("value", out var v) ? v.GetString() : null;
                }
            }
            return result;
        }
    }

    public string? EniStatus =>
        Json.TryGetProperty("attachments", out var attachments)
            ? attachments.EnumerateArray().Where(a => a.TryGetProperty("type", out var t) && t.GetString() == "ElasticNetworkInterface")
                .Select(a => a.TryGetProperty("status", out var s) ? s.GetString() : null).FirstOrDefault()
            : null;

    /// <summary>Position of a status in <see cref="StatusOrder"/>; -1 for an unknown one.</summary>
    public static int Rank(string? status) => Array.IndexOf(StatusOrder, status);

    string? Str(string name) => Json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    DateTimeOffset? Time(string name) => ParseTime(Json, name);

    internal static DateTimeOffset? ParseTime(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(v.GetDouble() * 1000))
            : null;

    public override string ToString() => Json.GetRawText();
}

/// <summary>One entry of a task's <c>containers</c>.</summary>
public sealed class ContainerView(JsonElement json)
{
    public JsonElement Json { get; } = json;

    public string? Name => Str("name");

    public string? LastStatus => Str("lastStatus");

    public int? ExitCode => Json.TryGetProperty("exitCode", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

    public string? Reason => Str("reason");

    public string? RuntimeId => Str("runtimeId");

    public string? HealthStatus => Str("healthStatus");

    public string? ImageDigest => Str("imageDigest");

    public IReadOnlyList<string?> PrivateIpv4Addresses =>
        Json.TryGetProperty("networkInterfaces", out var nis)
            ? nis.EnumerateArray().Select(n => n.TryGetProperty("privateIpv4Address", out var ip) ? ip.GetString() : null).ToList()
            : [];

    string? Str(string name) => Json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
