using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Berth.Ecr;
using Berth.Ecs.Runtime;
using Berth.Runtime.Docker.Engine;
using Microsoft.Extensions.Logging;
using CoreState = Berth.Ecs.Runtime.ContainerState;

namespace Berth.Runtime.Docker;

/// <summary>Tasks on a Docker engine: a pause container per task holding its namespace, its containers inside it.</summary>
public sealed partial class DockerRuntime(DockerEngine engine, DockerRuntimeOptions options, ILogger<DockerRuntime> log) : IContainerRuntime
{
    readonly TaskCgroup _cgroups = new(options.CgroupRoot);
    readonly Dictionary<string, string?> _cgroupParents = [];
    readonly TaskNetworks _networks = new(engine, options);

    public async Task InitializeAsync(CancellationToken ct)
    {
        if (!DockerEngine.SocketExists(options.SocketPath))
            throw new InvalidOperationException($"no Docker engine socket at {options.SocketPath}: start the engine (dockerd) or set BERTH_DOCKER_SOCKET");
        // First, so an engine with no API version in common says so (naming both ranges) rather than failing each call.
        var version = await engine.ApiVersionAsync(ct);
        LogEngineApi(log, options.SocketPath, version.ToString());
        if (!await engine.System.PingAsync(ct))
            throw new InvalidOperationException($"The Docker engine at {options.SocketPath} does not answer.");
        await _networks.EnsureDefaultAsync(ct);
        await PauseImage.EnsureAsync(engine, ct);
    }

    public async Task<Sandbox> EnsureSandboxAsync(SandboxSpec spec, CancellationToken ct)
    {
        var name = TaskLabels.DockerName(spec.TaskId, TaskLabels.PauseName);
        var existing = await engine.Containers.InspectAsync(name, ct);
        var cgroup = CgroupParent(spec);
        var network = await _networks.EnsureAsync(spec.Network, ct);
        if (existing is null)
        {
            try
            {
                await engine.Containers.CreateAsync(name, ContainerRequests.Pause(spec, options, network, cgroup), ct);
            }
            catch (DockerEngineException e) when (e.StatusCode == 409)
            {
                // Made by an earlier attempt of this same step.
            }
        }
        if (existing?.State?.Running != true)
            await engine.Containers.StartAsync(name, ct);
        var inspect = await engine.Containers.InspectAsync(name, ct) ?? throw new InvalidOperationException($"Sandbox {name} vanished while starting.");
        var endpoint = inspect.NetworkSettings?.Networks?.GetValueOrDefault(network);
        if (string.IsNullOrEmpty(endpoint?.IPAddress))
            throw new InvalidOperationException($"Sandbox {name} has no address on network {network}.");
        await TaskRedirects.InstallAsync(inspect.State?.Pid ?? 0, spec.CredentialsEndpoint, await ResolverAsync(ct), ct);
        return new Sandbox(inspect.Id, endpoint.IPAddress, endpoint.MacAddress, spec.Network?.VpcCidr ?? options.Subnet, endpoint.Gateway);
    }

    Task<System.Net.IPEndPoint?> ResolverAsync(CancellationToken ct) => options.Resolver?.Invoke(ct) ?? Task.FromResult<System.Net.IPEndPoint?>(null);

    /// <summary>Writes the container's resolv.conf in the task's directory; null when the engine's default stays.</summary>
    async Task<string?> WriteResolvConfAsync(SandboxSpec task, ContainerSpec spec, CancellationToken ct)
    {
        if (options.TaskFilesDirectory is null)
            return null;
        var resolver = await ResolverAsync(ct) is null ? null : TaskRedirects.ResolverAddress.Address.ToString();
        if (ResolvConf.Render(resolver, options.SearchDomain, spec.DnsServers, spec.DnsSearchDomains) is not { } text)
            return null;
        var directory = Path.Combine(options.TaskFilesDirectory, task.TaskId);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{spec.Name}.resolv.conf");
        await File.WriteAllTextAsync(path, text, ct);
        return path;
    }

    /// <summary>The task's cgroup, made once per task; null when the host does not allow it (limits then go on each container).</summary>
    string? CgroupParent(SandboxSpec spec)
    {
        lock (_cgroupParents)
        {
            if (_cgroupParents.TryGetValue(spec.TaskId, out var known))
                return known;
            string? parent = null;
            if (_cgroups.TryCreate(spec.TaskId, spec.CpuUnits, spec.MemoryMiB, options.TaskPidsLimit))
                parent = TaskCgroup.Parent(spec.TaskId);
            else
                LogNoCgroup(log, spec.TaskId);
            _cgroupParents[spec.TaskId] = parent;
            return parent;
        }
    }

    public async Task<string?> PullImageAsync(string image, RegistryCredential? credential, CancellationToken ct)
    {
        // Without credentials, like the ECS agent's "prefer-cached" pull behaviour: a local image is used as it is.
        if (credential is null && await engine.Images.InspectAsync(image, ct) is { } local)
            return local.Id;
        try
        {
            await engine.Images.PullAsync(image, RegistryAuth(credential), ct);
        }
        catch (DockerEngineException e)
        {
            throw new ImagePullException(e.Message);
        }
        // The manifest digest the registry reported (what ECR shows), else the local image id.
        var pulled = await engine.Images.InspectAsync(image, ct);
        var repository = image.Split('@')[0];
        repository = repository.LastIndexOf(':') > repository.LastIndexOf('/') ? repository[..repository.LastIndexOf(':')] : repository;
        var digest = pulled?.RepoDigests?.FirstOrDefault(d => d.StartsWith(repository + "@", StringComparison.Ordinal));
        return digest is null ? pulled?.Id : digest[(digest.IndexOf('@') + 1)..];
    }

    /// <summary>The engine's X-Registry-Auth header: base64url JSON of user, password and server.</summary>
    static string? RegistryAuth(RegistryCredential? c)
    {
        if (c is null)
            return null;
        var json = $$"""{"username":{{JsonSerializer.Serialize(c.UserName, RuntimeJson.Default.String)}},"password":{{JsonSerializer.Serialize(c.Password, RuntimeJson.Default.String)}},"serveraddress":{{JsonSerializer.Serialize(c.ServerAddress, RuntimeJson.Default.String)}}}""";
        return Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)).Replace('+', '-').Replace('/', '_');
    }

    public async Task<string> EnsureContainerAsync(SandboxSpec task, Sandbox sandbox, ContainerSpec spec, CancellationToken ct)
    {
        var name = TaskLabels.DockerName(task.TaskId, spec.Name);
        if (await engine.Containers.InspectAsync(name, ct) is { } existing)
            return existing.Id;
        try
        {
            var resolvConf = await WriteResolvConfAsync(task, spec, ct);
            return await engine.Containers.CreateAsync(name, ContainerRequests.App(task, sandbox.Id, spec, CgroupParent(task), options, resolvConf), ct);
        }
        catch (DockerEngineException e) when (e.StatusCode == 409)
        {
            return (await engine.Containers.InspectAsync(name, ct))!.Id;
        }
    }

    public Task StartContainerAsync(string runtimeId, CancellationToken ct) => engine.Containers.StartAsync(runtimeId, ct);

    public async Task StopContainerAsync(string runtimeId, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await engine.Containers.StopAsync(runtimeId, (int)Math.Ceiling(timeout.TotalSeconds), ct);
        }
        catch (DockerEngineException e) when (e.StatusCode == 404)
        {
            // Already gone.
        }
    }

    public async Task<IReadOnlyList<ObservedContainer>> ObserveAsync(string taskArn, CancellationToken ct)
    {
        var list = await engine.Containers.ListAsync(ByTask(taskArn), all: true, ct);
        var result = new List<ObservedContainer>();
        foreach (var c in list)
        {
            var name = c.Labels?.GetValueOrDefault(TaskLabels.ContainerName);
            if (name is null || name == TaskLabels.PauseName)
                continue;
            var i = await engine.Containers.InspectAsync(c.Id, ct);
            if (i?.State is not { } s)
                continue;
            var state = s.Running || s.Restarting || s.Paused ? CoreState.Running : s.Status == "created" ? CoreState.Created : CoreState.Exited;
            var oom = s.OomKilled || (state == CoreState.Exited && s.ExitCode == 137 && _cgroups.OomKills(TaskId(taskArn)) > 0);
            var health = s.Health?.Status switch
            {
                "healthy" => "HEALTHY",
                "unhealthy" => "UNHEALTHY",
                "starting" => "UNKNOWN",
                _ => null,
            };
            result.Add(new ObservedContainer(name, i.Id, state, state == CoreState.Exited ? s.ExitCode : null, oom, health,
                s.StartedAt, s.FinishedAt, string.IsNullOrEmpty(s.Error) ? null : s.Error, i.Image, i.Created));
        }
        return result;
    }

    public async Task ReleaseSandboxAsync(string taskArn, CancellationToken ct)
    {
        var id = TaskId(taskArn);
        var pause = TaskLabels.DockerName(id, TaskLabels.PauseName);
        await engine.Containers.RemoveAsync(pause, force: true, removeVolumes: true, ct);
        _cgroups.Remove(id);
        lock (_cgroupParents)
            _cgroupParents.Remove(id);
    }

    public async Task RemoveTaskAsync(string taskArn, CancellationToken ct)
    {
        foreach (var c in await engine.Containers.ListAsync(ByTask(taskArn), all: true, ct))
            await engine.Containers.RemoveAsync(c.Id, force: true, removeVolumes: true, ct);
        _cgroups.Remove(TaskId(taskArn));
        if (options.TaskFilesDirectory is { } files && Directory.Exists(Path.Combine(files, TaskId(taskArn))))
            Directory.Delete(Path.Combine(files, TaskId(taskArn)), recursive: true);
    }

    public Task<IReadOnlyList<TaskBridge>> ListBridgesAsync(CancellationToken ct) => _networks.ListAsync(ct);

    /// <summary>Removes the VPC networks this instance made (tests clean up with it; the default network stays).</summary>
    public Task RemoveVpcNetworksAsync(CancellationToken ct) => _networks.RemoveVpcNetworksAsync(ct);

    public async Task<IReadOnlyList<string>> ListTaskArnsAsync(CancellationToken ct)
    {
        var list = await engine.Containers.ListAsync(new Dictionary<string, string[]> { ["label"] = [$"{TaskLabels.Instance}={options.InstanceId}"] }, all: true, ct);
        return list.Select(c => c.Labels?.GetValueOrDefault(TaskLabels.TaskArn)).OfType<string>().Distinct().ToList();
    }

    public async IAsyncEnumerable<string> WatchAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var filters = new Dictionary<string, string[]>
        {
            ["type"] = ["container"],
            ["label"] = [$"{TaskLabels.Instance}={options.InstanceId}"],
        };
        await foreach (var e in engine.Events.StreamAsync(filters, null, ct))
        {
            if (e.Actor?.Attributes?.GetValueOrDefault(TaskLabels.TaskArn) is { } arn)
                yield return arn;
        }
    }

    public async IAsyncEnumerable<OutputLine> ReadOutputAsync(string runtimeId, DateTimeOffset? since, bool follow, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var line in engine.Containers.LogsAsync(runtimeId, since, follow, ct))
            yield return new OutputLine(line.Timestamp, line.Stream == LogStream.Stderr, line.Text);
    }

    public Task<string?> ReadStatsJsonAsync(string runtimeId, CancellationToken ct) => engine.Containers.StatsJsonAsync(runtimeId, ct);

    static Dictionary<string, string[]> ByTask(string taskArn) => new() { ["label"] = [$"{TaskLabels.TaskArn}={taskArn}"] };

    static string TaskId(string taskArn) => taskArn[(taskArn.LastIndexOf('/') + 1)..];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot make a cgroup for task {TaskId}; its limits are set on each container instead")]
    static partial void LogNoCgroup(ILogger logger, string taskId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Docker engine at {SocketPath}: Engine API {Version}")]
    static partial void LogEngineApi(ILogger logger, string socketPath, string version);
}

[JsonSerializable(typeof(string))]
internal sealed partial class RuntimeJson : JsonSerializerContext;
