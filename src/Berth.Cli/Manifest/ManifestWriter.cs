using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Berth.Cli.Manifest;

/// <summary>berth.yml as `berth init` writes it: every field with its value and a comment saying what it does, as Copilot's manifests do.</summary>
static class ManifestWriter
{
    public static string Write(ServiceManifest m)
    {
        var b = new StringBuilder();
        b.AppendLine($"# The manifest for the {Q(m.Name)} service: `berth deploy` builds, pushes and runs it from here.");
        b.AppendLine($"name: {Q(m.Name)}");
        b.AppendLine($"type: {Q(m.Type)}");
        b.AppendLine();
        b.AppendLine("# The image: build a Dockerfile (paths relative to this file), or run an existing image with `location:`.");
        b.AppendLine("image:");
        if (m.Image.Build is { } build)
        {
            b.AppendLine("  build:");
            b.AppendLine($"    dockerfile: {Q(build.Dockerfile)}");
            b.AppendLine($"    context: {Q(build.Context)}");
            WriteMap(b, "    args", build.Args);
        }
        else
            b.AppendLine($"  location: {Q(m.Image.Location!)}");
        b.AppendLine("# The port your container listens on.");
        b.AppendLine($"port: {m.Port}");
        b.AppendLine();
        b.AppendLine("# Requests to http://localhost:<listener_port><path> go to this service through the cluster's load balancer.");
        b.AppendLine("http:");
        b.AppendLine($"  path: {Q(m.Http.Path)}");
        b.AppendLine($"  listener_port: {m.Http.ListenerPort}");
        b.AppendLine("  # A replaced task finishes its in-flight requests for this long before it stops.");
        b.AppendLine($"  deregistration_delay: {m.Http.DeregistrationDelaySeconds}s");
        b.AppendLine("  healthcheck:");
        b.AppendLine($"    path: {Q(m.Http.HealthCheck.Path)}");
        b.AppendLine($"    healthy_threshold: {m.Http.HealthCheck.HealthyThreshold}");
        b.AppendLine($"    unhealthy_threshold: {m.Http.HealthCheck.UnhealthyThreshold}");
        b.AppendLine($"    interval: {m.Http.HealthCheck.IntervalSeconds}s");
        b.AppendLine($"    timeout: {m.Http.HealthCheck.TimeoutSeconds}s");
        b.AppendLine();
        b.AppendLine("# Task size: CPU units (1024 = 1 vCPU) and memory in MiB, a Fargate combination.");
        b.AppendLine($"cpu: {m.Cpu}");
        b.AppendLine($"memory: {m.Memory}");
        if (m.Count.Range is { } range)
        {
            b.AppendLine("# Between range's tasks, scaled to keep the service's average utilization near the target.");
            b.AppendLine("count:");
            b.AppendLine($"  range: {range}");
            if (m.Count.CpuPercentage is { } cpu)
                b.AppendLine($"  cpu_percentage: {cpu}");
            if (m.Count.MemoryPercentage is { } mem)
                b.AppendLine($"  memory_percentage: {mem}");
        }
        else
        {
            b.AppendLine("# Number of tasks; or `count: {range: 1-4, cpu_percentage: 70}` to scale with load.");
            b.AppendLine($"count: {m.Count.Desired}");
        }
        b.AppendLine("# Run `berth exec`-style commands in the containers (ECS Exec).");
        b.AppendLine($"exec: {(m.Exec ? "true" : "false")}");
        b.AppendLine();
        b.AppendLine("# Container output goes to this CloudWatch Logs group (`berth logs`, `aws logs tail`).");
        b.AppendLine("logging:");
        b.AppendLine($"  group: {Q(m.LogGroup)}");
        b.AppendLine($"  stream_prefix: {Q(m.Logging.StreamPrefix)}");
        b.AppendLine();
        b.AppendLine("# Environment variables, and secrets (NAME: SSM parameter name or ARN, Secrets Manager ARN, or {secretsmanager: NAME}).");
        WriteMap(b, "variables", m.Variables);
        WriteMap(b, "secrets", m.Secrets);
        b.AppendLine();
        b.AppendLine("# IAM roles (name or ARN). exec_role reads the secrets (default with secrets: <cluster>-<name>-ExecutionRole, made");
        b.AppendLine("# by deploy); task_role is what the application's AWS calls run as.");
        b.AppendLine(m.ExecutionRole is { } exec ? $"exec_role: {Q(exec)}" : "# exec_role: \"my-execution-role\"");
        b.AppendLine(m.TaskRole is { } task ? $"task_role: {Q(task)}" : "# task_role: \"my-task-role\"");
        b.AppendLine();
        b.AppendLine("# The ECS cluster; its load balancer is shared by the services deployed to it.");
        b.AppendLine($"cluster: {Q(m.Cluster)}");
        return b.ToString();
    }

    static void WriteMap(StringBuilder b, string key, IReadOnlyDictionary<string, string> map)
    {
        if (map.Count == 0)
        {
            b.AppendLine($"{key}: {{}}");
            return;
        }
        b.AppendLine($"{key}:");
        var indent = new string(' ', key.Length - key.TrimStart().Length + 2);
        foreach (var (k, v) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            b.AppendLine(key == "secrets" && v.StartsWith(ServiceManifest.SecretsManagerPrefix, StringComparison.Ordinal)
                ? $"{indent}{Q(k)}: {{secretsmanager: {Q(v[ServiceManifest.SecretsManagerPrefix.Length..])}}}"
                : $"{indent}{Q(k)}: {Q(v)}");
        }
    }

    /// <summary>A JSON string is a valid YAML double-quoted scalar: safe for any value.</summary>
    static string Q(string value) => $"\"{JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping)}\"";
}
