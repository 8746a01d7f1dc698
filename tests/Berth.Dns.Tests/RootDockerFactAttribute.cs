using Berth.Runtime.Docker.Engine;

namespace Berth.Dns.Tests;

/// <summary>
/// A test that runs tasks on the Docker engine and enters their network namespaces, which needs root as berthd has:
/// skipped, with the reason, when either is missing, except in CI (CI=true), where it runs and fails.
/// </summary>
public sealed class RootDockerFactAttribute : FactAttribute
{
    public RootDockerFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("CI") == "true")
            return;
        if (!DockerEngine.SocketExists())
            Skip = $"no Docker engine socket at {DockerEngine.DefaultSocketPath} (with CI=true this is a failure)";
        else if (!Environment.IsPrivilegedProcess)
            Skip = "needs root, to enter a task's network namespace (with CI=true this is a failure)";
    }
}
