using Berth.Runtime.Docker.Engine;

namespace Berth.Integration.Tests.Infrastructure;

/// <summary>
/// A test against a real berthd on the Docker engine: reported as skipped, with the reason, when there is no engine
/// socket, except in CI (CI=true), where it runs and fails (the fixture says what is missing) rather than vanishing.
/// </summary>
public sealed class BerthFactAttribute : FactAttribute
{
    public BerthFactAttribute()
    {
        if (!BerthFixture.InCi && !DockerEngine.SocketExists(BerthFixture.SocketPath))
            Skip = $"no Docker engine socket at {BerthFixture.SocketPath} (with CI=true this is a failure)";
    }
}

/// <summary>As <see cref="BerthFactAttribute"/>, for the task role tests, which also drive the AWS CLI v2.</summary>
public sealed class TaskRoleFactAttribute : FactAttribute
{
    public TaskRoleFactAttribute()
    {
        if (!BerthFixture.InCi && (!DockerEngine.SocketExists(BerthFixture.SocketPath) || !File.Exists(AwsCli.Binary)))
            Skip = $"needs the Docker engine socket at {BerthFixture.SocketPath} and the AWS CLI v2 at {AwsCli.Binary} (with CI=true this is a failure)";
    }
}
