using Berth.Ecs.Runtime;
using Berth.Runtime.Docker.Engine;
using CoreHealth = Berth.Ecs.Model.HealthCheck;

namespace Berth.Runtime.Docker;

/// <summary>
/// Engine create requests for a task's containers, hardened as Fargate is: never privileged, the engine's
/// default seccomp profile, no-new-privileges, only SYS_PTRACE may be added, nothing of the host mounted (but the
/// container's own resolv.conf, read-only).
/// </summary>
static class ContainerRequests
{
    const long MiB = 1024 * 1024;
    static readonly string[] NoNewPrivileges = ["no-new-privileges"];

    /// <summary>The sandbox, on <paramref name="network"/> with the address and MAC of the task's interface when it has one.</summary>
    public static ContainerCreateRequest Pause(SandboxSpec task, DockerRuntimeOptions options, string network, string? cgroupParent) => new()
    {
        Image = PauseImage.Reference,
        Labels = TaskLabels.For(task, TaskLabels.PauseName, options.InstanceId),
        HostConfig = new HostConfig
        {
            NetworkMode = network,
            CgroupParent = cgroupParent,
            CapDrop = ["ALL"],
            SecurityOpt = NoNewPrivileges,
            ReadonlyRootfs = true,
            Memory = 16 * MiB,
            MemorySwap = 16 * MiB,
            PidsLimit = cgroupParent is null ? options.TaskPidsLimit : null,
            LogConfig = new LogConfig { Type = "none" },
        },
        NetworkingConfig = new NetworkingConfig
        {
            EndpointsConfig = new()
            {
                [network] = task.Network is { } n
                    ? new EndpointSettings { IpamConfig = new EndpointIpamConfig { IPv4Address = n.Address }, MacAddress = n.MacAddress }
                    : new EndpointSettings(),
            },
        },
    };

    public static ContainerCreateRequest App(SandboxSpec task, string sandboxId, ContainerSpec c, string? cgroupParent, DockerRuntimeOptions options, string? resolvConfPath = null)
    {
        var labels = new Dictionary<string, string>(c.DockerLabels);
        foreach (var (k, v) in TaskLabels.For(task, c.Name, options.InstanceId))
            labels[k] = v;
        long? memory = c.MemoryMiB is { } m ? m * MiB : null;
        if (cgroupParent is null)
        {
            // No task cgroup on this host: hold each container to the task size instead.
            memory ??= task.MemoryMiB * MiB;
        }
        return new ContainerCreateRequest
        {
            Image = c.Image,
            Entrypoint = c.EntryPoint?.ToArray(),
            Cmd = c.Command?.ToArray(),
            Env = c.Environment.Select(e => $"{e.Key}={e.Value}").ToArray(),
            WorkingDir = c.WorkingDirectory,
            User = c.User,
            Labels = labels,
            Tty = c.PseudoTerminal,
            OpenStdin = c.Interactive,
            StopTimeout = c.StopTimeoutSeconds,
            Healthcheck = Health(c.HealthCheck),
            HostConfig = new HostConfig
            {
                NetworkMode = $"container:{sandboxId}",
                CgroupParent = cgroupParent,
                Memory = memory,
                MemorySwap = memory,
                MemoryReservation = c.MemoryReservationMiB is { } r ? r * MiB : null,
                CpuShares = c.Cpu > 0 ? Math.Max(2, c.Cpu) : null,
                NanoCpus = cgroupParent is null ? task.CpuUnits * 1_000_000_000L / 1024 : null,
                PidsLimit = cgroupParent is null ? options.TaskPidsLimit : null,
                CapAdd = c.CapAdd.Where(x => x == "SYS_PTRACE").ToArray() is { Length: > 0 } add ? add : null,
                CapDrop = c.CapDrop.Count > 0 ? c.CapDrop.ToArray() : null,
                SecurityOpt = NoNewPrivileges,
                Privileged = false,
                ReadonlyRootfs = c.ReadonlyRootFilesystem,
                Binds = resolvConfPath is null ? null : [$"{resolvConfPath}:{ResolvConf.ContainerPath}:ro"],
                Ulimits = c.Ulimits.Count > 0 ? c.Ulimits.Select(u => new Engine.Ulimit { Name = u.Name!, Soft = u.SoftLimit, Hard = u.HardLimit }).ToArray() : null,
                Init = c.InitProcessEnabled ? true : null,
                Tmpfs = c.Tmpfs.Count > 0
                    ? c.Tmpfs.ToDictionary(t => t.ContainerPath!, t => string.Join(',', (t.MountOptions ?? []).Append($"size={t.Size}m")))
                    : null,
                LogConfig = new LogConfig { Type = "json-file", Config = new() { ["max-size"] = "20m", ["max-file"] = "3" } },
            },
        };
    }

    static HealthConfig? Health(CoreHealth? hc)
    {
        if (hc?.Command is not { Count: > 0 } cmd)
            return null;
        const long Second = 1_000_000_000;
        return new HealthConfig
        {
            Test = cmd.ToArray(),
            Interval = (hc.Interval ?? 30) * Second,
            Timeout = (hc.Timeout ?? 5) * Second,
            StartPeriod = (hc.StartPeriod ?? 0) * Second,
            Retries = hc.Retries ?? 3,
        };
    }
}
