namespace Berth.Ecr.Registry.Tests;

/// <summary>
/// A test that drives the Docker engine: skipped, with the reason, when there is no engine socket, except in CI
/// (CI=true), where it runs and fails rather than vanishing.
/// </summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public const string Socket = "/var/run/docker.sock";

    public DockerFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("CI") != "true" && !File.Exists(Socket))
            Skip = $"no Docker engine socket at {Socket} (with CI=true this is a failure)";
    }
}
