using Berth.Ecs.Controllers;
using Berth.Ecs.Model;
using Berth.Ecs.Scheduling;
using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.TestSupport;

namespace Berth.Ecs.Tests.Scheduling;

/// <summary>serviceRegistries: tasks enter Cloud Map when RUNNING and healthy and leave it before they stop.</summary>
public sealed class ServiceRegistryTests : IDisposable
{
    readonly ServiceHarness _h = new();

    public void Dispose() => _h.Dispose();

    Task<EcsService> CreateAsync(string td, int desired, params ServiceRegistry[] registries) =>
        _h.Services.CreateAsync(new CreateServiceRequest
        {
            Cluster = "c",
            ServiceName = "svc",
            TaskDefinition = td,
            DesiredCount = desired,
            ServiceRegistries = [.. registries],
        }, ServiceHarness.Ct);

    static string Id(TaskRecord t) => Arns.TaskId(t.Task.TaskArn!);

    [Fact]
    public async Task RunningTasks_AreRegistered_WithTheAttributesEcsWrites()
    {
        var td = await _h.SetUpAsync();
        var api = _h.Registry.AddService("api", "internal.local", "A");
        await CreateAsync(td, 2, new ServiceRegistry { RegistryArn = api.ServiceArn });
        await _h.SettleAsync(5);

        var live = await _h.LiveAsync();
        var instances = _h.Registry.Instances(api.ServiceArn);
        Assert.Equal(live.Select(Id).Order(), instances.Select(i => i.InstanceId).Order());
        var one = instances.Single(i => i.InstanceId == Id(live[0]));
        Assert.Equal(ServiceTasks.IpAddress(live[0].Task), one.Attributes["AWS_INSTANCE_IPV4"]);
        Assert.Equal(("c", "svc", "web", "us-east-1", "HEALTHY"),
            (one.Attributes["ECS_CLUSTER_NAME"], one.Attributes["ECS_SERVICE_NAME"], one.Attributes["ECS_TASK_DEFINITION_FAMILY"], one.Attributes["REGION"], one.Attributes["AWS_INIT_HEALTH_STATUS"]));
        Assert.StartsWith("us-east-1", one.Attributes["AVAILABILITY_ZONE"], StringComparison.Ordinal);
        Assert.False(one.Attributes.ContainsKey("AWS_INSTANCE_PORT"));
        Assert.All(instances, i => Assert.True(i.Healthy));
    }

    [Fact]
    public async Task ScalingIn_DeregistersTheTask_BeforeItIsAskedToStop()
    {
        var td = await _h.SetUpAsync();
        var api = _h.Registry.AddService("api", "internal.local", "A");
        await CreateAsync(td, 3, new ServiceRegistry { RegistryArn = api.ServiceArn });
        await _h.SettleAsync(5);
        Assert.Equal(3, _h.Registry.Instances(api.ServiceArn).Count);

        await _h.Services.UpdateAsync(new UpdateServiceRequest { Cluster = "c", Service = "svc", DesiredCount = 1 }, ServiceHarness.Ct);
        await _h.PassAsync();
        var stopping = (await _h.LiveAsync()).Where(t => t.Task.DesiredStatus == "STOPPED").Select(Id).ToList();
        Assert.Equal(2, stopping.Count);
        Assert.DoesNotContain(_h.Registry.Instances(api.ServiceArn), i => stopping.Contains(i.InstanceId));
        Assert.Single(_h.Registry.Instances(api.ServiceArn));
    }

    [Fact]
    public async Task ATaskThatDiesOnItsOwn_LeavesTheRegistry_AndItsReplacementJoins()
    {
        var td = await _h.SetUpAsync();
        var api = _h.Registry.AddService("api", "internal.local", "A");
        await CreateAsync(td, 1, new ServiceRegistry { RegistryArn = api.ServiceArn });
        await _h.SettleAsync(5);
        var first = Id((await _h.LiveAsync()).Single());
        await _h.Store.MutateAsync(first, r =>
        {
            r.Task.LastStatus = "STOPPED";
            r.Task.DesiredStatus = "STOPPED";
            r.Task.StopCode = StopCodes.EssentialContainerExited;
            return true;
        }, ServiceHarness.Ct);
        await _h.SettleAsync(5);
        var second = Id((await _h.LiveAsync()).Single());
        Assert.NotEqual(first, second);
        Assert.Equal([second], _h.Registry.Instances(api.ServiceArn).Select(i => i.InstanceId));
        Assert.Contains($"deregister {first}", _h.Registry.Calls);
    }

    [Fact]
    public async Task AnInstanceRegisteredByHand_IsLeftAlone()
    {
        var td = await _h.SetUpAsync();
        var api = _h.Registry.AddService("api", "internal.local", "A");
        await _h.Registry.RegisterAsync(api.ServiceArn, "by-hand", new Dictionary<string, string> { ["AWS_INSTANCE_IPV4"] = "10.1.2.3" }, ServiceHarness.Ct);
        await CreateAsync(td, 1, new ServiceRegistry { RegistryArn = api.ServiceArn });
        await _h.SettleAsync(5);
        await _h.Services.UpdateAsync(new UpdateServiceRequest { Cluster = "c", Service = "svc", DesiredCount = 0 }, ServiceHarness.Ct);
        await _h.SettleAsync(5);
        Assert.Equal(["by-hand"], _h.Registry.Instances(api.ServiceArn).Select(i => i.InstanceId));
    }

    [Fact]
    public async Task ATaskWhoseHealthIsNoLongerKnownGood_IsMarkedUnhealthy_ThenHealthyAgain()
    {
        await _h.Clusters.CreateAsync("c", null, new Berth.Ecs.Services.ClusterService.ClusterInput(), null, ServiceHarness.Ct);
        var (def, _) = await _h.Definitions.RegisterAsync(new TaskDefinition
        {
            Family = "web",
            NetworkMode = "awsvpc",
            RequiresCompatibilities = ["FARGATE"],
            Cpu = "256",
            Memory = "512",
            ContainerDefinitions = [new ContainerDefinition { Name = "app", Image = "web:1", Essential = true, HealthCheck = new HealthCheck { Command = ["CMD", "true"] } }],
        }, null, ServiceHarness.Ct);
        var api = _h.Registry.AddService("api", "internal.local", "A");
        await CreateAsync(def.TaskDefinitionArn!, 1, new ServiceRegistry { RegistryArn = api.ServiceArn });
        await _h.SettleAsync(3);
        Assert.Empty(_h.Registry.Instances(api.ServiceArn)); // RUNNING, health not known yet: not registered
        var id = Id((await _h.LiveAsync()).Single());

        await SetHealthAsync(id, "HEALTHY");
        Assert.True(Assert.Single(_h.Registry.Instances(api.ServiceArn)).Healthy);
        await SetHealthAsync(id, "UNKNOWN");
        Assert.False(Assert.Single(_h.Registry.Instances(api.ServiceArn)).Healthy);
        await SetHealthAsync(id, "HEALTHY");
        Assert.True(Assert.Single(_h.Registry.Instances(api.ServiceArn)).Healthy);
        Assert.Equal([$"register {id}", $"unhealthy {id}", $"healthy {id}"], _h.Registry.Calls);
    }

    async Task SetHealthAsync(string id, string health)
    {
        await _h.Store.MutateAsync(id, r =>
        {
            r.Task.HealthStatus = health;
            return true;
        }, ServiceHarness.Ct);
        await _h.PassAsync();
    }

    [Fact]
    public async Task SrvRecords_TakeTheContainerPort()
    {
        var td = await _h.SetUpAsync();
        var api = _h.Registry.AddService("api", "internal.local", "A", "SRV");
        await CreateAsync(td, 1, new ServiceRegistry { RegistryArn = api.ServiceArn, ContainerName = "app", ContainerPort = 8080 });
        await _h.SettleAsync(5);
        Assert.Equal("8080", Assert.Single(_h.Registry.Instances(api.ServiceArn)).Attributes["AWS_INSTANCE_PORT"]);
    }

    [Fact]
    public async Task UpdateService_ToAnotherRegistry_MovesTheTasks()
    {
        var td = await _h.SetUpAsync();
        var api = _h.Registry.AddService("api", "internal.local", "A");
        var other = _h.Registry.AddService("api2", "internal.local", "A");
        await CreateAsync(td, 2, new ServiceRegistry { RegistryArn = api.ServiceArn });
        await _h.SettleAsync(5);
        await _h.Services.UpdateAsync(new UpdateServiceRequest { Cluster = "c", Service = "svc", ServiceRegistries = [new ServiceRegistry { RegistryArn = other.ServiceArn }] }, ServiceHarness.Ct);
        Assert.Empty(_h.Registry.Instances(api.ServiceArn));
        await _h.PassAsync();
        Assert.Equal(2, _h.Registry.Instances(other.ServiceArn).Count);
        Assert.Equal(other.ServiceArn, Assert.Single((await _h.ServiceAsync()).ServiceRegistries).RegistryArn);
    }

    [Fact]
    public async Task ADeletedCloudMapService_DoesNotStopTheScheduler()
    {
        var td = await _h.SetUpAsync();
        var api = _h.Registry.AddService("api", "internal.local", "A");
        await CreateAsync(td, 1, new ServiceRegistry { RegistryArn = api.ServiceArn });
        await _h.SettleAsync(3);
        _h.Registry.RemoveService(api.ServiceArn);
        await _h.Services.UpdateAsync(new UpdateServiceRequest { Cluster = "c", Service = "svc", DesiredCount = 2 }, ServiceHarness.Ct);
        await _h.SettleAsync(5);
        Assert.Equal(2, (await _h.LiveAsync()).Count);
    }

    public static TheoryData<string, string> BadRegistries => new()
    {
        { "two", "Only one service registry" },
        { "unknown", "is not a Cloud Map service" },
        { "srv-without-port", "needs a port" },
        { "srv-both", "not both" },
        { "unknown-container", "is not a container" },
        { "unmapped-port", "is not a port mapping" },
        { "name-without-port", "must be given together" },
        { "bad-port", "not a valid port" },
        { "no-arn", "registryArn is required" },
    };

    [Theory]
    [MemberData(nameof(BadRegistries))]
    public async Task BadServiceRegistries_AreRefused_AndNothingIsCreated(string which, string fragment)
    {
        var td = await _h.SetUpAsync();
        var a = _h.Registry.AddService("a", "internal.local", "A").ServiceArn;
        var srv = _h.Registry.AddService("s", "internal.local", "SRV").ServiceArn;
        ServiceRegistry[] registries = which switch
        {
            "two" => [new() { RegistryArn = a }, new() { RegistryArn = srv, Port = 80 }],
            "unknown" => [new() { RegistryArn = a + "x" }],
            "srv-without-port" => [new() { RegistryArn = srv }],
            "srv-both" => [new() { RegistryArn = srv, Port = 80, ContainerName = "app", ContainerPort = 8080 }],
            "unknown-container" => [new() { RegistryArn = a, ContainerName = "nope", ContainerPort = 8080 }],
            "unmapped-port" => [new() { RegistryArn = a, ContainerName = "app", ContainerPort = 9999 }],
            "name-without-port" => [new() { RegistryArn = a, ContainerName = "app" }],
            "bad-port" => [new() { RegistryArn = a, Port = 70000 }],
            _ => [new() { RegistryArn = "" }],
        };
        await AwsAssert.RefusedAsync(() => CreateAsync(td, 1, registries), "InvalidParameterException", fragment);
        Assert.Null(await _h.Store.GetAsync(EcsKinds.Services, "c/svc", ServiceHarness.Ct));
    }

    [Fact]
    public async Task Namespace_WithoutCloudMap_IsNotFound_AndANameIsRequired()
    {
        var none = new Berth.Ecs.Services.ServiceRegistries(null);

        await AwsAssert.RefusedAsync(() => none.NamespaceAsync("internal.local", ServiceHarness.Ct), "NamespaceNotFoundException", "internal.local");
        await AwsAssert.RefusedAsync(() => none.NamespaceAsync(null, ServiceHarness.Ct), "InvalidParameterException", "namespace is required");
    }

    [Fact]
    public async Task ListServicesByNamespace_FindsServicesByNamespaceNameOrArn()
    {
        var td = await _h.SetUpAsync();
        var api = _h.Registry.AddService("api", "internal.local", "A");
        _h.Registry.AddService("other", "elsewhere.local", "A");
        var created = await CreateAsync(td, 0, new ServiceRegistry { RegistryArn = api.ServiceArn });
        await _h.Services.CreateAsync(new CreateServiceRequest { Cluster = "c", ServiceName = "plain", TaskDefinition = td, DesiredCount = 0 }, ServiceHarness.Ct);

        Assert.Equal([created.ServiceArn!], (await _h.Services.ListByNamespaceAsync("internal.local", null, null, ServiceHarness.Ct)).Arns);
        var ns = await _h.Registry.ResolveNamespaceAsync("internal.local", ServiceHarness.Ct);
        Assert.Equal([created.ServiceArn!], (await _h.Services.ListByNamespaceAsync(ns.NamespaceArn, null, null, ServiceHarness.Ct)).Arns);
        Assert.Empty((await _h.Services.ListByNamespaceAsync("elsewhere.local", null, null, ServiceHarness.Ct)).Arns);
        await AwsAssert.RefusedAsync(() => _h.Services.ListByNamespaceAsync("missing.local", null, null, ServiceHarness.Ct), "NamespaceNotFoundException");
        await AwsAssert.RefusedAsync(() => _h.Services.ListByNamespaceAsync("", null, null, ServiceHarness.Ct), "InvalidParameterException");
    }
}
