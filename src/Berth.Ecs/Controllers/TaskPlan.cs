using Berth.Ecs.Model;
using Berth.Ecs.Runtime;
using Berth.Ecs.Validation;
using Berth.Kernel;
using Berth.Kernel.Networking;

namespace Berth.Ecs.Controllers;

/// <summary>What the runtime is asked to build for a task: its definition with the run's overrides applied.</summary>
public static class TaskPlan
{
    public const int DefaultStopTimeoutSeconds = 30;

    public static SandboxSpec Sandbox(TaskRecord rec)
    {
        var t = rec.Task;
        var network = rec.Interface is { } i ? new SandboxNetwork(i.VpcId, i.VpcCidr, i.DefaultVpc, i.PrivateIpAddress, i.MacAddress) : null;
        return new SandboxSpec(
            t.TaskArn!, Arns.TaskId(t.TaskArn!), Arns.ClusterName(t.ClusterArn), rec.Definition.Family!, rec.Definition.Revision,
            FargateSizes.ParseCpu(t.Cpu) ?? 256, FargateSizes.ParseMemory(t.Memory) ?? 512, Network: network);
    }

    /// <summary>
    /// The interface ECS asks for a task: in the subnet it was placed in, with its security groups, described by its
    /// ENI attachment's ARN and made by <c>amazon-ecs</c>, as on Fargate.
    /// </summary>
    public static InterfaceRequest Interface(TaskRecord rec, IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        var t = rec.Task;
        var eni = t.Attachments?.FirstOrDefault(a => a.Type == "ElasticNetworkInterface")
            ?? throw new InvalidOperationException($"Task {t.TaskArn} has no network interface attachment.");
        var subnet = eni.Details?.FirstOrDefault(d => d.Name == "subnetId")?.Value
            ?? rec.NetworkConfiguration?.AwsvpcConfiguration?.Subnets?.FirstOrDefault()
            ?? throw new InvalidOperationException($"Task {t.TaskArn} has no subnet.");
        var arn = Arns.Parse(t.TaskArn!);
        var description = $"arn:{arn?.Partition ?? "aws"}:ecs:{arn?.Region}:{arn?.Account}:attachment/{eni.Id}";
        return new InterfaceRequest(t.TaskArn!, subnet, rec.NetworkConfiguration?.AwsvpcConfiguration?.SecurityGroups ?? [], description, "amazon-ecs", tags);
    }

    public static ContainerSpec Container(TaskRecord rec, ContainerDefinition c)
    {
        var o = rec.Task.Overrides?.ContainerOverrides?.FirstOrDefault(x => x.Name == c.Name);
        var env = new List<KeyValuePair<string, string>>();
        foreach (var e in (c.Environment ?? []).Concat(o?.Environment ?? []))
        {
            env.RemoveAll(x => x.Key == e.Name);
            env.Add(new(e.Name!, e.Value ?? ""));
        }
        return new ContainerSpec(
            c.Name!, c.Image!, c.EntryPoint, o?.Command ?? c.Command, env, c.WorkingDirectory, c.User, c.Hostname,
            o?.Cpu ?? c.Cpu, o?.Memory ?? c.Memory, o?.MemoryReservation ?? c.MemoryReservation, c.HealthCheck,
            c.ReadonlyRootFilesystem ?? false, c.Ulimits ?? [], c.LinuxParameters?.InitProcessEnabled ?? false,
            c.LinuxParameters?.Capabilities?.Add ?? [], c.LinuxParameters?.Capabilities?.Drop ?? [],
            c.DockerLabels ?? new Dictionary<string, string>(), c.LinuxParameters?.Tmpfs ?? [],
            c.Interactive ?? false, c.PseudoTerminal ?? false, c.StopTimeout ?? DefaultStopTimeoutSeconds, c.DnsServers, c.DnsSearchDomains);
    }

    /// <summary>
    /// Adds the container's secrets as variables. Registration keeps their names apart from the definition's
    /// environment; a run's environment override of the same name gives way to the secret.
    /// </summary>
    public static ContainerSpec WithSecrets(ContainerSpec c, IReadOnlyList<KeyValuePair<string, string>> secrets)
    {
        if (secrets.Count == 0)
            return c;
        var names = secrets.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        return c with { Environment = [.. c.Environment.Where(e => !names.Contains(e.Key)), .. secrets] };
    }

    /// <summary>Adds what the platform sets in every container; the platform's variables win over the user's, as on Fargate.</summary>
    public static ContainerSpec WithPlatformEnvironment(ContainerSpec c, IReadOnlyList<KeyValuePair<string, string>> platform)
    {
        if (platform.Count == 0)
            return c;
        var names = platform.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        return c with { Environment = [.. c.Environment.Where(e => !names.Contains(e.Key)), .. platform] };
    }
}
