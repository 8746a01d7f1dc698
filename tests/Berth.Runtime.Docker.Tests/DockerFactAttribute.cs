using Berth.Runtime.Docker.Engine;

namespace Berth.Runtime.Docker.Tests;

/// <summary>
/// A test that needs the Docker engine: reported as skipped, with the reason, when there is no engine socket, except in
/// CI (CI=true), where it runs and fails (the fixture says there is no engine) rather than vanishing.
/// </summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (!DockerFixture.InCi && !DockerEngine.SocketExists(DockerEngine.DefaultSocketPath))
            Skip = $"no Docker engine socket at {DockerEngine.DefaultSocketPath} (with CI=true this is a failure)";
    }
}

/// <summary>
/// A test against a current Docker engine (25 or later) at the socket named by BERTH_CURRENT_DOCKER_SOCKET; skipped, with
/// the reason, wherever that is not set — CI included, since CI machines carry only Debian 12's engine (API 1.41).
/// </summary>
public sealed class CurrentEngineFactAttribute : FactAttribute
{
    public const string Variable = "BERTH_CURRENT_DOCKER_SOCKET";

    public static string? Socket => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : null;

    public CurrentEngineFactAttribute()
    {
        // Set but with nothing there, it runs and fails saying so.
        if (Socket is null)
            Skip = $"no current Docker engine (25+, API 1.44+) on this machine: set {Variable} to its socket to run this (not a CI prerequisite: CI has Debian 12's docker.io, API 1.41)";
    }
}

/// <summary>
/// A test that enters a network namespace and changes its rules, which needs root as berthd has: skipped, with the
/// reason, when not root, except in CI (CI=true), where it runs and fails.
/// </summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!DockerFixture.InCi && !Environment.IsPrivilegedProcess)
            Skip = "needs root, to enter a network namespace (with CI=true this is a failure)";
    }
}
