using Berth.Ecs.Model;
using Berth.Ecs.Runtime;
using Berth.Kernel;

namespace Berth.Ecs.Controllers;

/// <summary>
/// A change to the stored task. Pure: it changes the copy it is given and returns false to leave the task as it
/// is. The worker applies it with optimistic concurrency (a lost race applies it again to a fresh copy), with
/// <c>now</c> the time of the write.
/// </summary>
abstract record TaskChange : TaskAction
{
    public abstract bool Apply(TaskRecord r, DateTimeOffset now);
}

/// <summary>The wish to stop, with its cause; the first cause wins.</summary>
sealed record RequestStop(string StopCode, string Reason) : TaskChange
{
    public override bool Apply(TaskRecord r, DateTimeOffset now) => Apply(r, StopCode, Reason, now);

    public static bool Apply(TaskRecord r, string stopCode, string reason, DateTimeOffset now)
    {
        if (r.Task.DesiredStatus == "STOPPED")
            return false;
        r.Task.DesiredStatus = "STOPPED";
        r.Task.StopCode = stopCode;
        r.Task.StoppedReason = reason;
        r.Task.StoppingAt ??= now;
        return true;
    }
}

/// <summary>
/// The task has its interface: its ENI attachment's details (as ECS writes them), its availability zone and the subnet
/// the task metadata endpoint reports come from it.
/// </summary>
sealed record InterfaceAttached(TaskInterface Interface) : TaskChange
{
    public override bool Apply(TaskRecord r, DateTimeOffset now)
    {
        if (r.Interface == Interface)
            return false;
        r.Interface = Interface;
        (r.SubnetCidr, r.Gateway) = (Interface.SubnetCidr, Interface.Gateway);
        r.Task.AvailabilityZone = Interface.AvailabilityZone;
        if (r.Task.Attachments?.FirstOrDefault(a => a.Type == "ElasticNetworkInterface") is { } eni)
        {
            SetDetail(eni, "subnetId", Interface.SubnetId);
            SetDetail(eni, "networkInterfaceId", Interface.NetworkInterfaceId);
            SetDetail(eni, "macAddress", Interface.MacAddress);
            SetDetail(eni, "privateDnsName", PrivateDnsName(Interface.PrivateIpAddress));
            SetDetail(eni, "privateIPv4Address", Interface.PrivateIpAddress);
        }
        return true;
    }

    /// <summary>EC2's private DNS name in us-east-1, as Fargate tasks show it (<c>ip-10-0-1-5.ec2.internal</c>).</summary>
    public static string PrivateDnsName(string address) => $"ip-{address.Replace('.', '-')}.ec2.internal";

    public static void SetDetail(Attachment a, string name, string? value)
    {
        a.Details ??= [];
        a.Details.RemoveAll(d => d.Name == name);
        if (value is not null)
            a.Details.Add(new KeyValue { Name = name, Value = value });
    }
}

/// <summary>The sandbox is up: the task's network interface is attached, the task is connected and PENDING.</summary>
sealed record Provisioned(Sandbox Sandbox) : TaskChange
{
    public override bool Apply(TaskRecord r, DateTimeOffset now)
    {
        r.SandboxId = Sandbox.Id;
        var t = r.Task;
        var eni = t.Attachments?.FirstOrDefault(a => a.Type == "ElasticNetworkInterface");
        var address = r.Interface?.PrivateIpAddress ?? Sandbox.IpAddress;
        if (r.Interface is null)
        {
            // No network directory (a controller on its own): the engine chose the address.
            (r.SubnetCidr, r.Gateway) = (Sandbox.Subnet, Sandbox.Gateway);
            if (eni is not null)
            {
                InterfaceAttached.SetDetail(eni, "networkInterfaceId", "eni-" + Arns.TaskId(t.TaskArn!)[..17]);
                InterfaceAttached.SetDetail(eni, "macAddress", Sandbox.MacAddress);
                InterfaceAttached.SetDetail(eni, "privateDnsName", InterfaceAttached.PrivateDnsName(Sandbox.IpAddress));
                InterfaceAttached.SetDetail(eni, "privateIPv4Address", Sandbox.IpAddress);
            }
        }
        if (eni is not null)
            eni.Status = "ATTACHED";
        foreach (var c in t.Containers ?? [])
            c.NetworkInterfaces = [new NetworkInterface { AttachmentId = eni?.Id, PrivateIpv4Address = address }];
        t.Connectivity = "CONNECTED";
        t.ConnectivityAt ??= now;
        TaskStatuses.Advance(t, Model.TaskStatus.PENDING);
        return true;
    }
}

sealed record PullStarted : TaskChange
{
    public override bool Apply(TaskRecord r, DateTimeOffset now)
    {
        r.Task.PullStartedAt ??= now;
        return true;
    }
}

/// <summary>Every image is there: the pull is over and each container knows its image's digest.</summary>
sealed record Pulled(IReadOnlyDictionary<string, string?> Digests) : TaskChange
{
    public override bool Apply(TaskRecord r, DateTimeOffset now)
    {
        r.Task.PullStoppedAt ??= now;
        foreach (var tc in r.Task.Containers ?? [])
            tc.ImageDigest ??= Digests.GetValueOrDefault(tc.Image!);
        return true;
    }
}

/// <summary>An image could not be pulled: the pull is over and its containers say why.</summary>
sealed record PullFailed(string Image, string Reason) : TaskChange
{
    public override bool Apply(TaskRecord r, DateTimeOffset now)
    {
        r.Task.PullStoppedAt ??= now;
        foreach (var tc in (r.Task.Containers ?? []).Where(x => x.Image == Image))
            tc.Reason = Reason;
        return true;
    }
}

/// <summary>What the engine reports, written into the task (<see cref="TaskObservations.Record"/>).</summary>
sealed record RecordObserved(IReadOnlyDictionary<string, ObservedContainer> Observed) : TaskChange
{
    public override bool Apply(TaskRecord r, DateTimeOffset now) => TaskObservations.Record(r, Observed, now);
}

/// <summary>Stopping begins: DEACTIVATING, stamped with when.</summary>
sealed record Deactivating : TaskChange
{
    public override bool Apply(TaskRecord r, DateTimeOffset now)
    {
        r.Task.StoppingAt ??= now;
        return TaskStatuses.Advance(r.Task, Model.TaskStatus.DEACTIVATING);
    }
}

/// <summary>Moves the task forward to <paramref name="To"/> (never backward).</summary>
sealed record AdvanceTo(Model.TaskStatus To) : TaskChange
{
    public override bool Apply(TaskRecord r, DateTimeOffset now) => TaskStatuses.Advance(r.Task, To);
}

/// <summary>Nothing runs any more: the last observations, every container STOPPED, DEPROVISIONING.</summary>
sealed record ExecutionStopped(IReadOnlyDictionary<string, ObservedContainer> Observed) : TaskChange
{
    public override bool Apply(TaskRecord r, DateTimeOffset now)
    {
        TaskObservations.Record(r, Observed, now);
        foreach (var tc in r.Task.Containers ?? [])
            tc.LastStatus = "STOPPED";
        r.Task.ExecutionStoppedAt ??= now;
        TaskStatuses.Advance(r.Task, Model.TaskStatus.DEPROVISIONING);
        return true;
    }
}

/// <summary>The sandbox is gone: the network interface is deleted and the task STOPPED.</summary>
sealed record Deprovisioned : TaskChange
{
    public override bool Apply(TaskRecord r, DateTimeOffset now)
    {
        r.Deprovisioned = true;
        foreach (var eni in r.Task.Attachments ?? [])
            eni.Status = "DELETED";
        r.Task.StoppedAt ??= now;
        TaskStatuses.Advance(r.Task, Model.TaskStatus.STOPPED);
        return true;
    }
}
