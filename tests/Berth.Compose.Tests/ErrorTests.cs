namespace Berth.Compose.Tests;

/// <summary>Bad files are refused with file:line and what to write instead.</summary>
public class ErrorTests
{
    static string ComposeError(string compose, string? ecsParams = null)
    {
        using var t = new TempProject().Write("docker-compose.yml", compose);
        if (ecsParams is not null)
            t.Write("ecs-params.yml", ecsParams);
        return t.Error(ecsParams is null ? null : "ecs-params.yml");
    }

    [Fact]
    public void BadYaml_FileLineAndParserReason()
    {
        var message = ComposeError("services:\n  web:\n    image: busybox\n   ports: [\"80\"]\n");
        Assert.StartsWith("docker-compose.yml:4: not valid YAML", message);
    }

    [Fact]
    public void BadPort_FileLineAndValue()
    {
        var message = ComposeError("version: '2'\nservices:\n  test:\n    image: busybox\n    ports:\n      - \"8080:80\"\n      - \"80:abc\"\n");
        Assert.Equal("docker-compose.yml:7: ports: \"80:abc\" is not a port; write \"80\", \"8080:80\" or \"53/udp\".", message);
    }

    [Theory]
    [InlineData("mem_limit: lots", "docker-compose.yml:5: mem_limit: \"lots\" is not a memory size")]
    [InlineData("mem_limit: 12q", "docker-compose.yml:5: mem_limit: \"12q\" is not a memory size")]
    [InlineData("stop_grace_period: soon", "docker-compose.yml:5: stop_grace_period: \"soon\" is not a duration")]
    [InlineData("cpus: many", "docker-compose.yml:5: cpus: \"many\" is not a number of CPUs")]
    [InlineData("read_only: maybe", "docker-compose.yml:5: read_only: expected true or false, found \"maybe\"")]
    [InlineData("depends_on: [db]", "docker-compose.yml:5: depends_on: service web depends on db, which is not a service of this file.")]
    [InlineData("healthcheck: {interval: 5s}", "docker-compose.yml:5: healthcheck: test is missing")]
    [InlineData("command: \"echo 'unclosed\"", "docker-compose.yml:5: command: \"echo 'unclosed\" has a quote that is not closed.")]
    [InlineData("ports: \"80\"", "docker-compose.yml:5: ports: expected a list, found a value.")]
    public void BadValue_FileLineAndWhatIsWrong(string line, string expected) =>
        Assert.StartsWith(expected, ComposeError($"version: '3'\nservices:\n  web:\n    image: busybox\n    {line}\n"));

    [Fact]
    public void MissingImage_NamesTheService() =>
        Assert.Equal("docker-compose.yml:3: service web has neither image nor build; name the image to run in image:.",
            ComposeError("services:\n  web:\n    command: [sh]\n"));

    [Fact]
    public void Build_WithoutBuilder_RefusedWithWhatToDo() =>
        Assert.Equal("docker-compose.yml:3: build: is not supported yet; build and push the image, then name it in image:.",
            ComposeError("services:\n  web:\n    build: .\n"));

    [Fact]
    public void NoServices_Refused() => Assert.StartsWith("docker-compose.yml:1: services:", ComposeError("version: '3'\n"));

    [Fact]
    public void UnsupportedVersion_Refused() =>
        Assert.StartsWith("docker-compose.yml:1: version: compose file version \"1.0\" is not supported", ComposeError("version: '1.0'\nservices:\n  web: {image: busybox}\n"));

    [Fact]
    public void EcsParams_BadTaskSize_FileLine() =>
        Assert.StartsWith("ecs-params.yml:4: task_size.mem_limit: \"half\" is not a memory size",
            ComposeError("services:\n  web: {image: busybox}\n", "version: 1\ntask_definition:\n  task_size:\n    mem_limit: half\n    cpu_limit: 256\n"));

    [Fact]
    public void EcsParams_ServiceNotInCompose_Refused() =>
        Assert.StartsWith("ecs-params.yml:5: ecs-params: service db is not a service of the compose file.",
            ComposeError("services:\n  web: {image: busybox}\n", "version: 1\ntask_definition:\n  services:\n    db:\n      essential: false\n"));

    [Fact]
    public void EcsParams_BadPublicIp_Refused() =>
        Assert.StartsWith("ecs-params.yml:6: assign_public_ip: \"YES\" is not valid",
            ComposeError("services:\n  web: {image: busybox}\n", "version: 1\nrun_params:\n  network_configuration:\n    awsvpc_configuration:\n      subnets: [subnet-1]\n      assign_public_ip: \"YES\"\n"));

    [Fact]
    public void MissingFile_Named()
    {
        using var t = new TempProject();
        Assert.EndsWith("docker-compose.yml: file not found.", t.Error());
    }
}
