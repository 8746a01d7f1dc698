using Berth.Ecs.Model;
using Berth.Ecs.Runtime;
using Berth.Ecs.Secrets;
using Berth.Ecs.TaskRole;
using Berth.Kernel.Networking;
using Microsoft.Extensions.Logging;

namespace Berth.Ecs.Controllers;

/// <summary>
/// Carries out a task worker's actions, in order: engine and log-store calls, and changes to the stored task. What
/// only the engine's answer tells (the sandbox's address, image digests, a failed pull) is written back with the
/// pure <see cref="TaskChange"/>s made for it.
/// </summary>
sealed partial class TaskApplier(string taskId, TaskControllerContext ctx)
{
    public async Task ApplyAsync(TaskRecord? rec, IReadOnlyList<TaskAction> actions, CancellationToken ct)
    {
        foreach (var action in actions)
        {
            if (!await ApplyAsync(rec, action, ct))
                return;
        }
    }

    /// <summary>Carries out one action; false when what follows it no longer applies (a pull failed and the task stops).</summary>
    async Task<bool> ApplyAsync(TaskRecord? rec, TaskAction action, CancellationToken ct)
    {
        switch (action)
        {
            case TaskChange change:
                await ChangeAsync(change, ct);
                break;
            case CreateLogGroup a:
                await ctx.Logs.CreateGroupAsync(a.Group, ct);
                break;
            case OpenRoleSession:
                return await OpenRoleSessionAsync(rec!, ct);
            case DropRoleSession a:
                ctx.Roles?.Drop(a.TaskArn);
                break;
            case AttachInterface a:
                return await AttachAsync(a.Request, ct);
            case DetachInterface a:
                await ctx.Network!.DetachAsync(a.TaskArn, ct);
                break;
            case EnsureSandbox a:
                await ChangeAsync(new Provisioned(await ctx.Runtime.EnsureSandboxAsync(await WithCredentialsEndpointAsync(rec!, a.Spec, ct), ct)), ct);
                break;
            case PullImages a:
                return await PullAsync(rec!, a.Images, ct);
            case CreateContainer a:
                return await CreateAsync(rec!, a, ct);
            case StartContainer a:
                await ctx.Runtime.StartContainerAsync(a.RuntimeId, ct);
                break;
            case CollectLogs a:
                ctx.Collector.EnsureCollecting(a.RuntimeId, a.Group, a.Stream, ct);
                break;
            case StopContainers a:
                await Task.WhenAll(a.Containers.Select(c => ctx.Runtime.StopContainerAsync(c.RuntimeId, c.Timeout, ct)));
                break;
            case DrainLogs a:
                await DrainAsync(a, ct);
                break;
            case ReleaseSandbox a:
                await ctx.Runtime.ReleaseSandboxAsync(a.TaskArn, ct);
                break;
            default:
                throw new InvalidOperationException($"No way to carry out {action}.");
        }
        return true;
    }

    /// <summary>
    /// Makes the task's interface with the task's tags (the directory returns the one it has when asked again) and
    /// records it; the packet filter is told, so the task's rules are in place before its containers start.
    /// </summary>
    async Task<bool> AttachAsync(InterfaceRequest request, CancellationToken ct)
    {
        var network = ctx.Network!;
        var tags = ctx.Tags is null ? [] : (await ctx.Tags.GetAsync(request.OwnerArn, ct)).Select(t => new KeyValuePair<string, string>(t.Key!, t.Value ?? "")).ToList();
        NetworkInterfaceInfo info;
        VpcNetwork? vpc;
        try
        {
            info = await network.AttachAsync(request with { Tags = tags }, ct);
            vpc = await network.VpcOfAsync(System.Net.IPAddress.Parse(info.PrivateIpAddress), ct);
        }
        catch (NetworkReferenceException e)
        {
            return await FailAsync(TaskNext.StartFailed($"ResourceInitializationError: failed to create the task's network interface: {e.Message}"), ct);
        }
        await FilterHoldsAsync(ct);
        await ChangeAsync(new InterfaceAttached(new TaskInterface
        {
            NetworkInterfaceId = info.NetworkInterfaceId,
            SubnetId = info.SubnetId,
            VpcId = info.VpcId,
            VpcCidr = info.VpcCidr,
            DefaultVpc = vpc?.IsDefault ?? false,
            AvailabilityZone = info.AvailabilityZone,
            PrivateIpAddress = info.PrivateIpAddress,
            MacAddress = info.MacAddress,
            SubnetCidr = info.SubnetCidr,
            Gateway = info.Gateway,
        }), ct);
        return true;
    }

    /// <summary>
    /// Waits until the packet filter holds the new interface, so the task's rules are in place before its containers
    /// start (until then its address gets nothing, which is safe but would fail a load balancer's first checks). A
    /// filter that cannot apply does not hold tasks back for long: it is logged and the filter keeps retrying.
    /// </summary>
    async Task FilterHoldsAsync(CancellationToken ct)
    {
        if (ctx.NetworkChanges is null)
            return;
        try
        {
            await ctx.NetworkChanges.AppliedAsync(ct).WaitAsync(FilterWait, ctx.Clock, ct);
        }
        catch (TimeoutException)
        {
            LogFilterSlow(ctx.Log, taskId, FilterWait.TotalSeconds);
        }
    }

    static readonly TimeSpan FilterWait = TimeSpan.FromSeconds(10);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: the packet filter has not applied its interface within {Seconds} s; starting it anyway (its address gets no traffic until the filter holds it)")]
    static partial void LogFilterSlow(ILogger logger, string taskId, double seconds);

    /// <summary>A task with a role gets the SDKs' credentials address redirected to the endpoint that serves them.</summary>
    async Task<SandboxSpec> WithCredentialsEndpointAsync(TaskRecord rec, SandboxSpec spec, CancellationToken ct)
    {
        if (rec.CredentialsId is null || ctx.Environment is null)
            return spec;
        var endpoint = await ctx.Environment.EndpointAsync(ct)
            ?? throw new InvalidOperationException("The task has a task role, whose credentials are served by the task metadata endpoint, which is turned off (BERTH_METADATA_LISTEN=off).");
        return spec with { CredentialsEndpoint = new System.Net.IPEndPoint(System.Net.IPAddress.Parse(endpoint.Host), endpoint.Port) };
    }

    /// <summary>Opens the task role's session; a role ECS cannot assume stops the task with ECS's words.</summary>
    async Task<bool> OpenRoleSessionAsync(TaskRecord rec, CancellationToken ct)
    {
        try
        {
            if (ctx.Roles is null)
                throw new TaskRoleRefusedException(TaskRoles.UnableToAssume(TaskRoles.Of(rec) ?? ""));
            await ctx.Roles.EnsureAsync(rec, ct);
            return true;
        }
        catch (TaskRoleRefusedException e)
        {
            await ChangeAsync(new RequestStop(StopCodes.TaskFailedToStart, e.Message), ct);
            return false;
        }
    }

    /// <summary>
    /// Pulls under the execution role: what it must fetch is checked first (registry auth, secrets, log streams), so a
    /// task that cannot have them stops before anything is pulled, as on Fargate.
    /// </summary>
    async Task<bool> PullAsync(TaskRecord rec, IReadOnlyList<string> images, CancellationToken ct)
    {
        var digests = new Dictionary<string, string?>();
        string? image = null;
        try
        {
            await ctx.Execution.CheckAsync(rec, ct);
            foreach (var each in images)
            {
                image = each;
                digests[each] = await ctx.Runtime.PullImageAsync(each, await ctx.Execution.RegistryCredentialAsync(rec, each, ct), ct);
            }
        }
        catch (ImagePullException e)
        {
            return await FailAsync(TaskNext.PullFailed(image!, e.Message), ct);
        }
        catch (TaskStartException e)
        {
            return await FailAsync(e.Image is { } refused ? TaskNext.PullFailed(refused, e.Message) : TaskNext.StartFailed(e.Message), ct);
        }
        await ChangeAsync(new Pulled(digests), ct);
        return true;
    }

    /// <summary>Creates a container with its secrets (read now, under the execution role) and the platform's variables.</summary>
    async Task<bool> CreateAsync(TaskRecord rec, CreateContainer a, CancellationToken ct)
    {
        var spec = a.Spec;
        try
        {
            var def = rec.Definition.ContainerDefinitions!.First(c => c.Name == spec.Name);
            spec = TaskPlan.WithSecrets(spec, await ctx.Execution.EnvironmentAsync(rec, def, ct));
        }
        catch (TaskStartException e)
        {
            return await FailAsync(TaskNext.StartFailed(e.Message), ct);
        }
        if (ctx.Environment is { } platform)
            spec = TaskPlan.WithPlatformEnvironment(spec, await platform.ForContainerAsync(rec, spec.Name, ct));
        await ctx.Runtime.EnsureContainerAsync(a.Task, a.Sandbox, spec, ct);
        return true;
    }

    async Task<bool> FailAsync(IReadOnlyList<TaskChange> changes, CancellationToken ct)
    {
        foreach (var change in changes)
            await ChangeAsync(change, ct);
        return false;
    }

    async Task DrainAsync(DrainLogs a, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await Task.WhenAny(Task.WhenAll(a.RuntimeIds.Select(ctx.Collector.DrainedAsync)), Task.Delay(a.Timeout, ctx.Clock, timeout.Token));
        timeout.Cancel();
    }

    Task<TaskRecord?> ChangeAsync(TaskChange change, CancellationToken ct) =>
        ctx.Store.MutateAsync(taskId, r => change.Apply(r, ctx.Clock.GetUtcNow()), ct);
}
