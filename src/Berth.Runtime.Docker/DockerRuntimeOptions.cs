namespace Berth.Runtime.Docker;

public sealed class DockerRuntimeOptions
{
    public string SocketPath { get; set; } = "/var/run/docker.sock";

    /// <summary>The bridge network every task's namespace joins; each task gets its own address on it.</summary>
    public string NetworkName { get; set; } = "berth";

    /// <summary>The task subnet (the "VPC" addresses tasks get). Chosen to stay clear of Docker's default pools.</summary>
    public string Subnet { get; set; } = "10.89.0.0/16";

    /// <summary>Root of the cgroup file system, where task-level cgroups are made.</summary>
    public string CgroupRoot { get; set; } = "/sys/fs/cgroup";

    /// <summary>
    /// Which berthd owns a container (several may share one engine, e.g. in tests): adoption and orphan
    /// clean-up only ever touch this instance's containers.
    /// </summary>
    public string InstanceId { get; set; } = "default";

    /// <summary>
    /// Where each task's 169.254.169.253:53 is redirected (the task resolver), waiting for it to bind; null (or a null
    /// answer) leaves tasks with the engine's DNS.
    /// </summary>
    public Func<CancellationToken, Task<System.Net.IPEndPoint?>>? Resolver { get; set; }

    /// <summary>Files made for a task's containers (their resolv.conf), one directory per task, removed with the task.</summary>
    public string? TaskFilesDirectory { get; set; }

    /// <summary>The search domain of the containers' resolv.conf (see <see cref="ResolvConf.DefaultSearchDomain"/>).</summary>
    public string SearchDomain { get; set; } = ResolvConf.DefaultSearchDomain("us-east-1");

    /// <summary>Most processes one task may have.</summary>
    public int TaskPidsLimit { get; set; } = 4096;
}
