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

    /// <summary>Most processes one task may have.</summary>
    public int TaskPidsLimit { get; set; } = 4096;
}
