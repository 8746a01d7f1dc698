using Xunit.Abstractions;

namespace Berth.Runtime.Docker.Tests;

[Trait("Requires", "Docker")]
public sealed class SystemApiTests(DockerFixture fixture, ITestOutputHelper output) : DockerTestBase(fixture, output)
{
    [DockerFact]
    public async Task Ping_Engine_AnswersOk()
    {
        if (Skipped())
        {
            return;
        }

        Assert.True(await Engine.System.PingAsync(Ct));
    }

    [DockerFact]
    public async Task Version_Engine_ReportsApiVersionAndPlatform()
    {
        if (Skipped())
        {
            return;
        }

        var version = await Engine.System.VersionAsync(Ct);

        Assert.False(string.IsNullOrEmpty(version.Version));
        Assert.True(Version.Parse(version.ApiVersion) >= new Version(1, 41), version.ApiVersion);
        Assert.Equal("linux", version.Os);
        Assert.False(string.IsNullOrEmpty(version.Arch));
    }

    [DockerFact]
    public async Task Info_Engine_ReportsCgroupSetupAndServerVersion()
    {
        if (Skipped())
        {
            return;
        }

        var info = await Engine.System.InfoAsync(Ct);
        var version = await Engine.System.VersionAsync(Ct);

        Assert.Contains(info.CgroupVersion, new[] { "1", "2" });
        Assert.Contains(info.CgroupDriver, new[] { "cgroupfs", "systemd", "none" });
        Assert.Equal(version.Version, info.ServerVersion);
    }
}
