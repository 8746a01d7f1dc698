using Berth.Ecs.Model;
using Berth.Ecs.Validation;
using Berth.TestSupport;
using static Berth.Ecs.Tests.Support.Defs;

namespace Berth.Ecs.Tests.Validation;

public sealed class ContainerDefinitionValidatorTests
{
    const string Client = "ClientException";

    static ContainerDefinition Normalize(ContainerDefinition c, string networkMode = "awsvpc") =>
        ContainerDefinitionValidator.Normalize(c, networkMode);

    static void Refused(ContainerDefinition c, params string[] fragments) =>
        AwsAssert.Refused(() => Normalize(c), Client, fragments);

    static void Refused(ContainerDefinition c, string code, string[] fragments, string networkMode) =>
        AwsAssert.Refused(() => Normalize(c, networkMode), code, fragments);

    static ContainerDefinition With(Action<ContainerDefinition> change)
    {
        var c = Container("app");
        change(c);
        return c;
    }

    [Fact]
    public void Normalize_MinimalContainer_IsAcceptedUnchanged()
    {
        var n = Normalize(Container("app"));
        Assert.Equal("app", n.Name);
        Assert.Equal("nginx:latest", n.Image);
        Assert.Null(n.HealthCheck);
        Assert.Null(n.PortMappings);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Normalize_BlankName_IsRefused(string? name)
    {
        Refused(With(c => c.Name = name), "Container name cannot be blank");
    }

    [Theory]
    [InlineData("my app")]
    [InlineData("app.1")]
    [InlineData("app/1")]
    public void Normalize_NameOutsideGrammar_IsRefused(string name)
    {
        Refused(With(c => c.Name = name), $"Container name '{name}' is not valid");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Normalize_BlankImage_IsRefused(string? image)
    {
        Refused(With(c => c.Image = image), "Container 'app'", "image cannot be blank");
    }

    [Fact]
    public void Normalize_ImageWithSpace_IsRefused()
    {
        Refused(With(c => c.Image = "nginx latest"), "image 'nginx latest' is not a valid image reference");
    }

    [Fact]
    public void Normalize_ImageLongerThan255_IsRefused()
    {
        Refused(With(c => c.Image = new string('i', 256)), "is not a valid image reference");
    }

    [Fact]
    public void Normalize_NegativeCpu_IsRefused()
    {
        Refused(With(c => c.Cpu = -1), "cpu must not be negative");
    }

    [Theory]
    [InlineData(5)]
    [InlineData(0)]
    [InlineData(-10)]
    public void Normalize_MemoryBelow6_IsRefused(int memory)
    {
        Refused(With(c => c.Memory = memory), "Container 'app'", "'memory' parameter must be at least 6 MiB");
    }

    [Fact]
    public void Normalize_Memory6_IsAccepted()
    {
        Assert.Equal(6, Normalize(With(c => c.Memory = 6)).Memory);
    }

    [Fact]
    public void Normalize_MemoryReservationBelow6_IsRefused()
    {
        Refused(With(c => c.MemoryReservation = 5), "'memoryReservation' parameter must be at least 6 MiB");
    }

    [Fact]
    public void Normalize_MemoryReservationAboveMemory_IsRefused()
    {
        Refused(With(c => { c.Memory = 256; c.MemoryReservation = 257; }), "memoryReservation (257) must be less than or equal to memory (256)");
    }

    [Fact]
    public void Normalize_MemoryReservationEqualToMemory_IsAccepted()
    {
        var n = Normalize(With(c => { c.Memory = 256; c.MemoryReservation = 256; }));
        Assert.Equal(256, n.MemoryReservation);
    }

    [Fact]
    public void Normalize_Privileged_IsRefused()
    {
        Refused(With(c => c.Privileged = true), "privileged containers are not supported on Fargate");
    }

    [Fact]
    public void Normalize_PrivilegedFalse_IsAccepted()
    {
        Assert.False(Normalize(With(c => c.Privileged = false)).Privileged);
    }

    [Theory]
    [InlineData(121)]
    [InlineData(1)]
    [InlineData(600)]
    public void Normalize_StopTimeoutOutOfRange_IsRefused(int timeout)
    {
        Refused(With(c => c.StopTimeout = timeout), "stopTimeout must be between 2 and 120 seconds");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(120)]
    public void Normalize_StopTimeoutInRange_IsAccepted(int timeout)
    {
        Assert.Equal(timeout, Normalize(With(c => c.StopTimeout = timeout)).StopTimeout);
    }

    [Fact]
    public void Normalize_StartTimeoutBelow2_IsRefused()
    {
        Refused(With(c => c.StartTimeout = 1), "startTimeout must be at least 2 seconds");
    }

    [Fact]
    public void Normalize_EnvironmentVariableWithoutName_IsRefused()
    {
        Refused(With(c => c.Environment = [new KeyValue { Name = "A", Value = "1" }, new KeyValue { Value = "2" }]), "every environment variable needs a name");
    }

    [Fact]
    public void Normalize_HostnameUnderAwsvpc_IsRefused()
    {
        Refused(With(c => c.Hostname = "web"), "Container 'app'", "hostname parameter is not supported with the awsvpc network mode");
    }

    [Fact]
    public void Normalize_HostnameOutsideAwsvpc_IsKept()
    {
        Assert.Equal("web", Normalize(With(c => c.Hostname = "web"), "bridge").Hostname);
    }

    [Fact]
    public void Normalize_Links_AreRefused()
    {
        Refused(With(c => c.Links = ["db:database"]), "Container 'app'", "links are not supported");
        Assert.Empty(Normalize(With(c => c.Links = [])).Links!);
    }

    [Fact]
    public void Normalize_HostPortDifferentFromContainerPortUnderAwsvpc_IsRefused()
    {
        Refused(With(c => c.PortMappings = [new PortMapping { ContainerPort = 80, HostPort = 8080 }]),
            "when networkMode=awsvpc, the host ports and container ports in port mappings must match", "set it to 80");
    }

    [Fact]
    public void Normalize_HostPortEqualToContainerPort_IsAccepted()
    {
        var pm = Assert.Single(Normalize(With(c => c.PortMappings = [new PortMapping { ContainerPort = 80, HostPort = 80, Protocol = "udp" }])).PortMappings!);
        Assert.Equal((80, 80, "udp"), (pm.ContainerPort, pm.HostPort, pm.Protocol));
    }

    [Fact]
    public void Normalize_PortMappingWithoutHostPortOrProtocol_GetsThemFilledIn()
    {
        var n = Normalize(With(c => c.PortMappings = [new PortMapping { ContainerPort = 443 }, new PortMapping { ContainerPort = 53, Protocol = "udp" }]));
        Assert.Equal(2, n.PortMappings!.Count);
        Assert.Equal((443, 443, "tcp"), (n.PortMappings[0].ContainerPort, n.PortMappings[0].HostPort, n.PortMappings[0].Protocol));
        Assert.Equal((53, 53, "udp"), (n.PortMappings[1].ContainerPort, n.PortMappings[1].HostPort, n.PortMappings[1].Protocol));
    }

    [Fact]
    public void Normalize_HostPortDifferentOutsideAwsvpc_IsKept()
    {
        var n = Normalize(With(c => c.PortMappings = [new PortMapping { ContainerPort = 80, HostPort = 8080 }]), "bridge");
        Assert.Equal(8080, n.PortMappings![0].HostPort);
        Assert.Equal("tcp", n.PortMappings[0].Protocol);
    }

    [Fact]
    public void Normalize_PortMappingWithoutContainerPort_IsRefused()
    {
        Refused(With(c => c.PortMappings = [new PortMapping { HostPort = 80 }]), "a port mapping needs containerPort");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    [InlineData(-1)]
    public void Normalize_ContainerPortOutOfRange_IsRefused(int port)
    {
        Refused(With(c => c.PortMappings = [new PortMapping { ContainerPort = port }]), $"containerPort {port} is outside 1-65535");
    }

    [Theory]
    [InlineData("sctp")]
    [InlineData("TCP")]
    [InlineData("")]
    public void Normalize_UnknownProtocol_IsInvalidParameter(string protocol)
    {
        Refused(With(c => c.PortMappings = [new PortMapping { ContainerPort = 80, Protocol = protocol }]),
            "InvalidParameterException", [$"protocol '{protocol}' is not valid"], "awsvpc");
    }

    [Fact]
    public void Normalize_HealthCheckWithoutTimings_GetsDefaults()
    {
        var hc = Normalize(With(c => c.HealthCheck = new HealthCheck { Command = ["CMD-SHELL", "curl -f http://localhost/ || exit 1"] })).HealthCheck!;
        Assert.Equal(30, hc.Interval);
        Assert.Equal(5, hc.Timeout);
        Assert.Equal(3, hc.Retries);
        Assert.Equal(0, hc.StartPeriod);
        Assert.Equal(["CMD-SHELL", "curl -f http://localhost/ || exit 1"], hc.Command);
    }

    [Fact]
    public void Normalize_HealthCheckWithTimings_KeepsThem()
    {
        var hc = Normalize(With(c => c.HealthCheck = new HealthCheck { Command = ["CMD", "true"], Interval = 10, Timeout = 3, Retries = 7, StartPeriod = 60 })).HealthCheck!;
        Assert.Equal((10, 3, 7, 60), (hc.Interval, hc.Timeout, hc.Retries, hc.StartPeriod));
    }

    [Fact]
    public void NormalizeHealthCheck_Defaults_DoNotChangeTheInput()
    {
        var input = new HealthCheck { Command = ["CMD", "true"] };
        var n = ContainerDefinitionValidator.NormalizeHealthCheck(input, "Container 'x'")!;
        Assert.Equal(30, n.Interval);
        Assert.Null(input.Interval);
        Assert.Null(ContainerDefinitionValidator.NormalizeHealthCheck(null, "Container 'x'"));
    }

    [Fact]
    public void Normalize_HealthCheckWithoutCommand_IsRefused()
    {
        Refused(With(c => c.HealthCheck = new HealthCheck()), "healthCheck.command is required");
        Refused(With(c => c.HealthCheck = new HealthCheck { Command = [] }), "healthCheck.command is required");
    }

    [Theory]
    [InlineData("curl")]
    [InlineData("cmd")]
    [InlineData("SHELL")]
    public void Normalize_HealthCheckNotStartingWithCmd_IsRefused(string first)
    {
        Refused(With(c => c.HealthCheck = new HealthCheck { Command = [first, "-f", "http://localhost/"] }),
            "healthCheck.command must start with \"CMD\" or \"CMD-SHELL\"");
    }

    [Theory]
    [InlineData("CMD")]
    [InlineData("CMD-SHELL")]
    public void Normalize_HealthCheckWithNothingAfterCmd_IsRefused(string first)
    {
        Refused(With(c => c.HealthCheck = new HealthCheck { Command = [first] }), $"needs the command to run after \"{first}\"");
    }

    [Fact]
    public void Normalize_HealthCheckNone_IsAccepted()
    {
        var hc = Normalize(With(c => c.HealthCheck = new HealthCheck { Command = ["NONE"] })).HealthCheck!;
        Assert.Equal(30, hc.Interval);
    }

    [Theory]
    [InlineData(4, null, null, null, "healthCheck.interval is 4; it must be between 5 and 300 seconds")]
    [InlineData(301, null, null, null, "healthCheck.interval is 301")]
    [InlineData(null, 1, null, null, "healthCheck.timeout is 1; it must be between 2 and 60 seconds")]
    [InlineData(120, 61, null, null, "healthCheck.timeout is 61")]
    [InlineData(null, null, 0, null, "healthCheck.retries is 0; it must be between 1 and 10.")]
    [InlineData(null, null, 11, null, "healthCheck.retries is 11")]
    [InlineData(null, null, null, -1, "healthCheck.startPeriod is -1; it must be between 0 and 300 seconds")]
    [InlineData(null, null, null, 301, "healthCheck.startPeriod is 301")]
    public void Normalize_HealthCheckOutOfRange_IsRefused(int? interval, int? timeout, int? retries, int? startPeriod, string message)
    {
        Refused(With(c => c.HealthCheck = new HealthCheck { Command = ["CMD", "true"], Interval = interval, Timeout = timeout, Retries = retries, StartPeriod = startPeriod }),
            "Container 'app'", message);
    }

    [Theory]
    [InlineData(5, 2, 1, 0)]
    [InlineData(300, 60, 10, 300)]
    [InlineData(6, 5, 3, 0)]
    [InlineData(10, 10, 3, 0)]
    [InlineData(5, 60, 3, 0)]
    public void Normalize_HealthCheckAtBounds_IsAccepted(int interval, int timeout, int retries, int startPeriod)
    {
        var hc = Normalize(With(c => c.HealthCheck = new HealthCheck { Command = ["CMD", "true"], Interval = interval, Timeout = timeout, Retries = retries, StartPeriod = startPeriod })).HealthCheck!;
        Assert.Equal((interval, timeout, retries, startPeriod), (hc.Interval, hc.Timeout, hc.Retries, hc.StartPeriod));
    }

    static LogConfiguration AwsLogs(params (string Key, string Value)[] options) => new()
    {
        LogDriver = "awslogs",
        Options = options.ToDictionary(o => o.Key, o => o.Value),
    };

    [Fact]
    public void Normalize_AwslogsWithGroupAndPrefix_IsAccepted()
    {
        var lc = AwsLogs(("awslogs-group", "/ecs/web"), ("awslogs-stream-prefix", "ecs"), ("awslogs-region", "us-east-1"), ("awslogs-create-group", "true"));
        Assert.Same(lc, Normalize(With(c => c.LogConfiguration = lc)).LogConfiguration);
    }

    [Theory]
    [InlineData("json-file")]
    [InlineData("splunk")]
    [InlineData("AWSLOGS")]
    [InlineData(null)]
    public void Normalize_LogDriverOtherThanAwslogs_IsRefused(string? driver)
    {
        Refused(With(c => c.LogConfiguration = new LogConfiguration { LogDriver = driver, Options = [] }), $"log driver '{driver}' is not supported");
    }

    [Fact]
    public void Normalize_AwslogsWithoutOptions_IsRefused()
    {
        Refused(With(c => c.LogConfiguration = new LogConfiguration { LogDriver = "awslogs" }), "needs the option 'awslogs-group'");
    }

    [Fact]
    public void Normalize_AwslogsWithoutGroup_IsRefused()
    {
        Refused(With(c => c.LogConfiguration = AwsLogs(("awslogs-stream-prefix", "ecs"))), "needs the option 'awslogs-group'");
        Refused(With(c => c.LogConfiguration = AwsLogs(("awslogs-group", " "), ("awslogs-stream-prefix", "ecs"))), "needs the option 'awslogs-group'");
    }

    [Fact]
    public void Normalize_AwslogsWithoutStreamPrefix_IsRefused()
    {
        Refused(With(c => c.LogConfiguration = AwsLogs(("awslogs-group", "/ecs/web"))), "requires the awslogs option 'awslogs-stream-prefix'");
        Refused(With(c => c.LogConfiguration = AwsLogs(("awslogs-group", "/ecs/web"), ("awslogs-stream-prefix", ""))), "'awslogs-stream-prefix'");
    }

    [Fact]
    public void Normalize_AwslogsCreateGroupNotBoolean_IsRefused()
    {
        Refused(With(c => c.LogConfiguration = AwsLogs(("awslogs-group", "/ecs/web"), ("awslogs-stream-prefix", "ecs"), ("awslogs-create-group", "yes"))),
            "awslogs-create-group must be \"true\" or \"false\"");
    }

    [Theory]
    [InlineData("/ecs/my app")]
    [InlineData("/ecs/web:1")]
    [InlineData("/ecs/*")]
    public void Normalize_AwslogsGroupNameOutsideGrammar_IsRefused(string group)
    {
        Refused(With(c => c.LogConfiguration = AwsLogs(("awslogs-group", group), ("awslogs-stream-prefix", "ecs"))), $"awslogs-group '{group}' is not a valid log group name");
    }

    [Fact]
    public void Normalize_CapabilitySysPtrace_IsAccepted()
    {
        var n = Normalize(With(c => c.LinuxParameters = new LinuxParameters { Capabilities = new KernelCapabilities { Add = ["SYS_PTRACE"], Drop = ["ALL"] }, InitProcessEnabled = true }));
        Assert.Equal(["SYS_PTRACE"], n.LinuxParameters!.Capabilities!.Add!);
    }

    [Fact]
    public void Normalize_CapabilityOtherThanSysPtrace_IsRefused()
    {
        Refused(With(c => c.LinuxParameters = new LinuxParameters { Capabilities = new KernelCapabilities { Add = ["SYS_PTRACE", "NET_ADMIN", "SYS_ADMIN"] } }),
            "only supports adding the SYS_PTRACE kernel capability", "remove NET_ADMIN, SYS_ADMIN");
    }

    [Fact]
    public void Normalize_Devices_IsRefused()
    {
        using var doc = System.Text.Json.JsonDocument.Parse("[{\"hostPath\":\"/dev/fuse\"}]");
        Refused(With(c => c.LinuxParameters = new LinuxParameters { Devices = doc.RootElement.Clone() }), "linuxParameters.devices is not supported");
    }

    [Fact]
    public void Normalize_SwapSettings_AreRefused()
    {
        Refused(With(c => c.LinuxParameters = new LinuxParameters { MaxSwap = 1024 }), "maxSwap and swappiness are not supported");
        Refused(With(c => c.LinuxParameters = new LinuxParameters { Swappiness = 60 }), "maxSwap and swappiness are not supported");
    }

    [Fact]
    public void Normalize_SharedMemorySize_IsRefused()
    {
        Refused(With(c => c.LinuxParameters = new LinuxParameters { SharedMemorySize = 64 }), "sharedMemorySize is not supported");
    }

    [Theory]
    [InlineData("nofile")]
    [InlineData("core")]
    [InlineData("stack")]
    [InlineData("rttime")]
    public void Normalize_KnownUlimit_IsAccepted(string name)
    {
        var n = Normalize(With(c => c.Ulimits = [new Ulimit { Name = name, SoftLimit = 1024, HardLimit = 4096 }]));
        Assert.Equal(name, n.Ulimits![0].Name);
    }

    [Theory]
    [InlineData("files")]
    [InlineData("NOFILE")]
    [InlineData("")]
    [InlineData(null)]
    public void Normalize_UnknownUlimit_IsRefused(string? name)
    {
        Refused(With(c => c.Ulimits = [new Ulimit { Name = name, SoftLimit = 1, HardLimit = 1 }]), $"ulimit name '{name}' is not valid", "nofile");
    }

    [Fact]
    public void Normalize_UlimitSoftAboveHard_IsRefused()
    {
        Refused(With(c => c.Ulimits = [new Ulimit { Name = "nofile", SoftLimit = 2048, HardLimit = 1024 }]), "softLimit (2048) must not exceed hardLimit (1024)");
    }
}
