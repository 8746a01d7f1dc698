using Berth.Ecs.Model;
using Berth.Ecs.Validation;
using Berth.TestSupport;
using static Berth.Ecs.Tests.Support.Defs;

namespace Berth.Ecs.Tests.Validation;

public sealed class TaskDefinitionValidatorTests
{
    const string Client = "ClientException";
    const string InvalidParameter = "InvalidParameterException";

    static void Refused(TaskDefinition td, string code, params string[] fragments) =>
        AwsAssert.Refused(() => TaskDefinitionValidator.Normalize(td), code, fragments);

    [Fact]
    public void Normalize_MinimalFargateDefinition_IsAccepted()
    {
        var n = TaskDefinitionValidator.Normalize(Task());
        Assert.Equal("web", n.Family);
        Assert.Equal("256", n.Cpu);
        Assert.Equal("512", n.Memory);
        Assert.Equal("awsvpc", n.NetworkMode);
        Assert.Equal(["EC2", "FARGATE"], n.Compatibilities);
        Assert.Single(n.ContainerDefinitions!);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("web-app_2")]
    [InlineData("ABC-def_123")]
    public void Normalize_ValidFamily_IsAccepted(string family)
    {
        var td = Task();
        td.Family = family;
        Assert.Equal(family, TaskDefinitionValidator.Normalize(td).Family);
    }

    [Fact]
    public void Normalize_Family255Chars_IsAccepted()
    {
        var td = Task();
        td.Family = new string('f', 255);
        Assert.Equal(td.Family, TaskDefinitionValidator.Normalize(td).Family);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Normalize_BlankFamily_IsRefused(string? family)
    {
        var td = Task();
        td.Family = family;
        Refused(td, Client, "Family cannot be blank");
    }

    [Theory]
    [InlineData("my family")]
    [InlineData("web:1")]
    [InlineData("web/app")]
    [InlineData("wéb")]
    [InlineData("web.app")]
    public void Normalize_FamilyOutsideGrammar_IsRefused(string family)
    {
        var td = Task();
        td.Family = family;
        Refused(td, Client, $"Family '{family}' is not valid", "letters");
    }

    [Fact]
    public void Normalize_Family256Chars_IsRefused()
    {
        var td = Task();
        td.Family = new string('f', 256);
        Refused(td, Client, "is not valid");
    }

    [Fact]
    public void Normalize_NullContainerList_IsRefused()
    {
        var td = Task();
        td.ContainerDefinitions = null;
        Refused(td, Client, "Container list cannot be empty");
    }

    [Fact]
    public void Normalize_EmptyContainerList_IsRefused()
    {
        var td = Task();
        td.ContainerDefinitions = [];
        Refused(td, Client, "Container list cannot be empty");
    }

    [Fact]
    public void Normalize_ElevenContainers_IsRefused()
    {
        var td = Task(Enumerable.Range(0, 11).Select(i => Container($"c{i}")).ToArray());
        Refused(td, Client, "Too many containers: 11", "at most 10");
    }

    [Fact]
    public void Normalize_TenContainers_IsAccepted()
    {
        var td = Task(Enumerable.Range(0, 10).Select(i => Container($"c{i}")).ToArray());
        Assert.Equal(10, TaskDefinitionValidator.Normalize(td).ContainerDefinitions!.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("bridge")]
    [InlineData("host")]
    [InlineData("none")]
    public void Normalize_FargateWithoutAwsvpc_IsRefused(string? networkMode)
    {
        var td = Task();
        td.NetworkMode = networkMode;
        Refused(td, Client, "Fargate only supports network mode 'awsvpc'");
    }

    [Theory]
    [InlineData("bridge")]
    [InlineData("host")]
    [InlineData("none")]
    public void Normalize_Ec2WithNonAwsvpcMode_IsAnEc2AndExternalDefinition(string networkMode)
    {
        var td = Task();
        td.RequiresCompatibilities = ["EC2"];
        td.NetworkMode = networkMode;
        var n = TaskDefinitionValidator.Normalize(td);
        Assert.Equal(networkMode, n.NetworkMode);
        Assert.Equal(["EXTERNAL", "EC2"], n.Compatibilities);
    }

    [Fact]
    public void Normalize_NoCompatibilitiesAndNoNetworkMode_IsABridgeEc2Definition()
    {
        var td = Task();
        td.RequiresCompatibilities = null;
        td.NetworkMode = null;
        var n = TaskDefinitionValidator.Normalize(td);
        Assert.Equal("bridge", n.NetworkMode);
        Assert.Null(n.RequiresCompatibilities);
        Assert.DoesNotContain("FARGATE", n.Compatibilities!);
    }

    [Fact]
    public void Normalize_NoCompatibilitiesButFargateShaped_IsAlsoFargateCompatible()
    {
        var td = Task();
        td.RequiresCompatibilities = null;
        var n = TaskDefinitionValidator.Normalize(td);
        Assert.Equal(["EC2", "FARGATE"], n.Compatibilities);
        Assert.Equal("awsvpc", n.NetworkMode);
    }

    [Fact]
    public void Normalize_UnknownNetworkMode_IsInvalidParameter()
    {
        var td = Task();
        td.RequiresCompatibilities = ["EC2"];
        td.NetworkMode = "overlay";
        Refused(td, InvalidParameter, "Invalid networkMode 'overlay'");
    }

    [Fact]
    public void Normalize_UnknownCompatibility_IsInvalidParameter()
    {
        var td = Task();
        td.RequiresCompatibilities = ["FARGATE", "LAMBDA"];
        Refused(td, InvalidParameter, "Invalid compatibility 'LAMBDA'");
    }

    [Fact]
    public void Normalize_PidModeHost_IsRefused()
    {
        var td = Task();
        td.PidMode = "host";
        Refused(td, Client, "pidMode and ipcMode 'host'");
    }

    [Fact]
    public void Normalize_IpcModeHost_IsRefused()
    {
        var td = Task();
        td.IpcMode = "host";
        Refused(td, Client, "pidMode and ipcMode 'host'");
    }

    [Fact]
    public void Normalize_FargateWithoutCpu_IsRefused()
    {
        var td = Task();
        td.Cpu = null;
        Refused(td, Client, "Fargate requires that 'cpu' be defined", "'memory'");
    }

    [Fact]
    public void Normalize_FargateWithoutMemory_IsRefused()
    {
        var td = Task();
        td.Memory = null;
        Refused(td, Client, "Fargate requires that 'cpu' be defined", "'memory'");
    }

    [Fact]
    public void Normalize_Ec2WithoutTaskSizeOrContainerMemory_IsRefused()
    {
        var td = Task();
        td.RequiresCompatibilities = ["EC2"];
        td.Cpu = null;
        td.Memory = null;
        Refused(td, Client, "Invalid setting for container 'app'. At least one of 'memory' or 'memoryReservation' must be specified.");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1.3 vCPU")]
    public void Normalize_UnparsableCpu_IsRefused(string cpu)
    {
        var td = Task();
        td.Cpu = cpu;
        Refused(td, Client, $"Invalid 'cpu' setting for task: '{cpu}'");
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("-512")]
    [InlineData("0.3 GB")]
    public void Normalize_UnparsableMemory_IsRefused(string memory)
    {
        var td = Task();
        td.Memory = memory;
        Refused(td, Client, $"Invalid 'memory' setting for task: '{memory}'");
    }

    [Fact]
    public void Normalize_Cpu256WithMemory4096_IsRefused()
    {
        var td = Task();
        td.Memory = "4096";
        Refused(td, Client, "No Fargate configuration exists for given values: 256 CPU, 4096 memory", "between 512 and 2048");
    }

    [Fact]
    public void Normalize_Cpu1024WithMemory1536_IsRefused()
    {
        var td = Task();
        td.Cpu = "1 vCPU";
        td.Memory = "1.5 GB";
        Refused(td, Client, "1024 CPU, 1536 memory", "between 2048 and 8192");
    }

    [Fact]
    public void Normalize_UnknownCpuValue_IsRefused()
    {
        var td = Task();
        td.Cpu = "300";
        Refused(td, Client, "300 CPU", "Valid CPU values are");
    }

    [Theory]
    [InlineData("1 vCPU", "2 GB", "1024", "2048")]
    [InlineData("0.25 vCPU", "0.5 GB", "256", "512")]
    [InlineData("0.5 vcpu", "1gb", "512", "1024")]
    [InlineData("16 vCPU", "120 GB", "16384", "122880")]
    [InlineData("4096", "30720", "4096", "30720")]
    public void Normalize_SizeNotations_BecomeUnitsAndMiB(string cpu, string memory, string expectedCpu, string expectedMemory)
    {
        var td = Task();
        td.Cpu = cpu;
        td.Memory = memory;
        var n = TaskDefinitionValidator.Normalize(td);
        Assert.Equal(expectedCpu, n.Cpu);
        Assert.Equal(expectedMemory, n.Memory);
        // The caller's object keeps what it sent.
        Assert.Equal(cpu, td.Cpu);
        Assert.Equal(memory, td.Memory);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(201)]
    [InlineData(0)]
    public void Normalize_EphemeralStorageOutOfRange_IsRefused(int size)
    {
        var td = Task();
        td.EphemeralStorage = new EphemeralStorage { SizeInGiB = size };
        Refused(td, Client, $"ephemeral storage size {size} GiB", "21 to 200 GiB");
    }

    [Theory]
    [InlineData(21)]
    [InlineData(100)]
    [InlineData(200)]
    public void Normalize_EphemeralStorageInRange_IsAccepted(int size)
    {
        var td = Task();
        td.EphemeralStorage = new EphemeralStorage { SizeInGiB = size };
        Assert.Equal(size, TaskDefinitionValidator.Normalize(td).EphemeralStorage!.SizeInGiB);
    }

    [Fact]
    public void Normalize_DuplicateContainerNames_IsRefused()
    {
        var td = Task(Container("app"), Container("app"));
        Refused(td, Client, "Duplicate container name 'app'");
    }

    [Fact]
    public void Normalize_NoEssentialContainer_IsRefused()
    {
        var td = Task(Container("a", essential: false), Container("b", essential: false));
        Refused(td, Client, "at least one essential container");
    }

    [Fact]
    public void Normalize_EssentialUnsetMeansEssential_IsAccepted()
    {
        var td = Task(Container("a", essential: false), Container("b", essential: null));
        Assert.Equal(2, TaskDefinitionValidator.Normalize(td).ContainerDefinitions!.Count);
    }

    [Fact]
    public void Normalize_ContainerCpuSumAboveTaskCpu_IsRefused()
    {
        var a = Container("a");
        a.Cpu = 200;
        var b = Container("b");
        b.Cpu = 57;
        Refused(Task(a, b), Client, "sum of the container cpu values (257)", "task cpu (256)");
    }

    [Fact]
    public void Normalize_ContainerCpuSumEqualToTaskCpu_IsAccepted()
    {
        var a = Container("a");
        a.Cpu = 200;
        var b = Container("b");
        b.Cpu = 56;
        Assert.Equal(256, TaskDefinitionValidator.Normalize(Task(a, b)).ContainerDefinitions!.Sum(c => c.Cpu));
    }

    [Fact]
    public void Normalize_ContainerMemorySumAboveTaskMemory_IsRefused()
    {
        var a = Container("a");
        a.Memory = 300;
        var b = Container("b");
        b.Memory = 213;
        Refused(Task(a, b), Client, "sum of the container memory values (513 MiB)", "task memory (512 MiB)");
    }

    [Fact]
    public void Normalize_MemoryReservationCountsWhenNoHardLimit_IsRefusedAboveTaskMemory()
    {
        var a = Container("a");
        a.MemoryReservation = 400;
        var b = Container("b");
        b.Memory = 200;
        b.MemoryReservation = 100;
        Refused(Task(a, b), Client, "(600 MiB)");
    }

    [Fact]
    public void Normalize_ContainerMemorySumEqualToTaskMemory_IsAccepted()
    {
        var a = Container("a");
        a.Memory = 312;
        var b = Container("b");
        b.MemoryReservation = 200;
        var n = TaskDefinitionValidator.Normalize(Task(a, b));
        Assert.Equal(2, n.ContainerDefinitions!.Count);
    }

    [Fact]
    public void Normalize_ContainerRuleBroken_IsRefusedWithContainerName()
    {
        var c = Container("worker");
        c.Privileged = true;
        Refused(Task(c), Client, "Container 'worker'", "privileged");
    }

    [Fact]
    public void Normalize_HostPortDifferentUnderAwsvpc_IsRefused()
    {
        var c = Container();
        c.PortMappings = [new PortMapping { ContainerPort = 80, HostPort = 8080 }];
        Refused(Task(c), Client, "host ports and container ports in port mappings must match");
    }

    [Fact]
    public void Normalize_AcceptedDefinition_ComesBackNormalized()
    {
        var web = Container("web");
        web.PortMappings = [new PortMapping { ContainerPort = 8080 }];
        web.HealthCheck = new HealthCheck { Command = ["CMD", "curl", "-f", "http://localhost:8080/"] };
        var td = Task(web);
        td.Cpu = "1 vCPU";
        td.Memory = "2 GB";

        var n = TaskDefinitionValidator.Normalize(td);

        Assert.Equal("1024", n.Cpu);
        Assert.Equal("2048", n.Memory);
        var pm = Assert.Single(n.ContainerDefinitions![0].PortMappings!);
        Assert.Equal(8080, pm.ContainerPort);
        Assert.Equal(8080, pm.HostPort);
        Assert.Equal("tcp", pm.Protocol);
        var hc = n.ContainerDefinitions[0].HealthCheck!;
        Assert.Equal((30, 5, 3, 0), (hc.Interval, hc.Timeout, hc.Retries, hc.StartPeriod));
        Assert.Equal(["EC2", "FARGATE"], n.Compatibilities);
    }

    [Fact]
    public void Normalize_DependsOnUnknownContainer_IsRefused()
    {
        var c = Container("app");
        c.DependsOn = [Dep("ghost", "START")];
        Refused(Task(c), Client, "Container 'app' depends on 'ghost'", "not a container in this task definition");
    }

    [Fact]
    public void Normalize_DependsOnCycle_IsRefused()
    {
        var a = Container("a");
        a.DependsOn = [Dep("b", "START")];
        var b = Container("b");
        b.DependsOn = [Dep("a", "START")];
        Refused(Task(a, b), Client, "form a cycle");
    }

    [Fact]
    public void Normalize_ValidDependencies_AreAccepted()
    {
        var init = Container("init", essential: false);
        var db = Container("db");
        db.HealthCheck = Health();
        var app = Container("app");
        app.DependsOn = [Dep("init", "SUCCESS"), Dep("db", "HEALTHY")];
        var n = TaskDefinitionValidator.Normalize(Task(init, db, app));
        Assert.Equal(["init", "db", "app"], n.ContainerDefinitions!.Select(c => c.Name));
    }
}
