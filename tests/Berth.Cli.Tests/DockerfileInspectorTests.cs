using Berth.Cli.Manifest;

namespace Berth.Cli.Tests;

public class DockerfileInspectorTests
{
    [Theory]
    [InlineData("FROM scratch\nEXPOSE 8080\nCMD [\"httpd\"]", 8080)]
    [InlineData("FROM scratch\nexpose 3000/tcp 9000", 3000)]
    [InlineData("FROM scratch\nEXPOSE 53/udp 80/tcp", 80)]
    [InlineData("FROM scratch\nEXPOSE 8000-8010", 8000)]
    [InlineData("FROM scratch\nEXPOSE \\\n  5000", 5000)]
    [InlineData("FROM scratch\n# EXPOSE 1234\nEXPOSE 4321", 4321)]
    public void ExposedPort_FindsTheFirstTcpPort(string dockerfile, int expected) =>
        Assert.Equal(expected, DockerfileInspector.ExposedPort(dockerfile));

    [Theory]
    [InlineData("FROM scratch\nCMD [\"sh\"]")]
    [InlineData("FROM scratch\nEXPOSE $PORT")]
    [InlineData("FROM scratch\nEXPOSE 53/udp")]
    [InlineData("FROM scratch\nRUN echo EXPOSE 80")]
    public void ExposedPort_NoTcpPort_IsNull(string dockerfile) =>
        Assert.Null(DockerfileInspector.ExposedPort(dockerfile));
}
