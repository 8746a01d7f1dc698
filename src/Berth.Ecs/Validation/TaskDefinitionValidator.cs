using Berth.Ecs.Model;
using Berth.Kernel;

namespace Berth.Ecs.Validation;

/// <summary>
/// Checks a task definition as Fargate does and returns it in the normal form ECS stores
/// (task size in CPU units and MiB, health check defaults filled in). Every refusal says what to change.
/// </summary>
public static class TaskDefinitionValidator
{
    const int MaxContainers = 10;

    public static TaskDefinition Normalize(TaskDefinition input)
    {
        var td = input with { };
        Names.RequireName(td.Family, "Family");
        if (td.ContainerDefinitions is not { Count: > 0 })
            throw AwsException.Client("Container list cannot be empty.");
        if (td.ContainerDefinitions.Count > MaxContainers)
            throw AwsException.Client($"Too many containers: {td.ContainerDefinitions.Count}. A task definition can have at most {MaxContainers}.");

        td.RequiresCompatibilities ??= [];
        foreach (var c in td.RequiresCompatibilities)
        {
            if (c is not ("FARGATE" or "EC2" or "EXTERNAL" or "MANAGED_INSTANCES"))
                throw AwsException.InvalidParameter($"Invalid compatibility '{c}'. Valid values: FARGATE, EC2, EXTERNAL, MANAGED_INSTANCES.");
        }
        var fargate = td.RequiresCompatibilities.Contains("FARGATE");
        td.NetworkMode ??= fargate ? null : "awsvpc";
        if (td.NetworkMode is not (null or "awsvpc" or "bridge" or "host" or "none"))
            throw AwsException.InvalidParameter($"Invalid networkMode '{td.NetworkMode}'. Valid values: awsvpc, bridge, host, none.");
        if (fargate && td.NetworkMode != "awsvpc")
            throw AwsException.Client("Fargate only supports network mode 'awsvpc'. Set networkMode to awsvpc.");
        if (td.NetworkMode is "host" or "bridge" or "none")
            throw AwsException.Client($"Berth runs every task in its own network namespace: networkMode '{td.NetworkMode}' is not supported, use awsvpc.");
        td.NetworkMode = "awsvpc";
        if (td.PidMode == "host" || td.IpcMode is "host")
            throw AwsException.Client("pidMode and ipcMode 'host' are not supported on Fargate.");

        var (cpu, memory) = TaskSize(td, fargate);
        td.Cpu = cpu?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        td.Memory = memory?.ToString(System.Globalization.CultureInfo.InvariantCulture);

        if (td.EphemeralStorage is { } es && es.SizeInGiB is < 21 or > 200)
            throw AwsException.Client($"The ephemeral storage size {es.SizeInGiB} GiB is outside the range Fargate offers: 21 to 200 GiB.");

        TaskRole.TaskRoles.Validate(td.TaskRoleArn);

        td.ContainerDefinitions = td.ContainerDefinitions.Select(c => ContainerDefinitionValidator.Normalize(c, td.NetworkMode)).ToList();
        CheckContainersTogether(td.ContainerDefinitions, cpu, memory);
        SecretsValidator.CheckExecutionRole(td);
        td.Compatibilities = ["EC2", "FARGATE"];
        return td;
    }

    static (int? Cpu, int? Memory) TaskSize(TaskDefinition td, bool fargate)
    {
        int? cpu = null, memory = null;
        if (td.Cpu is not null)
        {
            cpu = FargateSizes.ParseCpu(td.Cpu)
                ?? throw AwsException.Client($"Invalid 'cpu' setting for task: '{td.Cpu}'. Use CPU units such as \"1024\" or vCPUs such as \"1 vCPU\".");
        }
        if (td.Memory is not null)
        {
            memory = FargateSizes.ParseMemory(td.Memory)
                ?? throw AwsException.Client($"Invalid 'memory' setting for task: '{td.Memory}'. Use MiB such as \"2048\" or GB such as \"2 GB\".");
        }
        // Berth runs every task as Fargate does, so a task size is needed whichever compatibility is asked for.
        if (cpu is null || memory is null)
        {
            throw AwsException.Client(fargate
                ? "Fargate requires that 'cpu' be defined at the task level and 'memory' be defined at the task level. Set both, e.g. \"cpu\": \"256\", \"memory\": \"512\"."
                : "Berth needs a task size: set 'cpu' and 'memory' at the task level, e.g. \"cpu\": \"256\", \"memory\": \"512\".");
        }
        if (!FargateSizes.IsValid(cpu.Value, memory.Value))
            throw AwsException.Client(FargateSizes.Explain(cpu.Value, memory.Value));
        return (cpu, memory);
    }

    static void CheckContainersTogether(List<ContainerDefinition> containers, int? taskCpu, int? taskMemory)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in containers)
        {
            if (!names.Add(c.Name!))
                throw AwsException.Client($"Duplicate container name '{c.Name}'. Container names must be unique within a task definition.");
        }
        if (!containers.Any(c => c.IsEssential))
            throw AwsException.Client("A task definition must have at least one essential container. Set \"essential\": true on one of them.");

        var cpuSum = containers.Sum(c => c.Cpu);
        if (taskCpu is not null && cpuSum > taskCpu)
            throw AwsException.Client($"The sum of the container cpu values ({cpuSum}) is greater than the task cpu ({taskCpu}).");
        var memSum = containers.Sum(c => c.Memory ?? c.MemoryReservation ?? 0);
        if (taskMemory is not null && memSum > taskMemory)
            throw AwsException.Client($"The sum of the container memory values ({memSum} MiB) is greater than the task memory ({taskMemory} MiB).");

        DependencyGraph.Check(containers);
    }
}
