using Berth.Ecs.Model;
using Berth.Kernel;

namespace Berth.Ecs.Validation;

/// <summary>
/// Checks a task definition as ECS does and returns it in the normal form ECS stores (task size in CPU units and MiB,
/// health check defaults filled in). One that requires FARGATE is held to Fargate's rules; any other is checked as ECS
/// checks EC2 definitions and is also FARGATE-compatible when it meets Fargate's rules, which <c>compatibilities</c>
/// reports (only those can run on Berth until the EC2 launch type arrives). Every refusal says what to change.
/// </summary>
public static class TaskDefinitionValidator
{
    const int MaxContainers = 10;
    const int MaxPlacementConstraints = 10;

    public static TaskDefinition Normalize(TaskDefinition input)
    {
        var td = input with { };
        Names.RequireName(td.Family, "Family");
        if (td.ContainerDefinitions is not { Count: > 0 })
            throw AwsException.Client("Container list cannot be empty.");
        if (td.ContainerDefinitions.Count > MaxContainers)
            throw AwsException.Client($"Too many containers: {td.ContainerDefinitions.Count}. A task definition can have at most {MaxContainers}.");

        // ECS leaves requiresCompatibilities out of a definition registered without it.
        foreach (var c in td.RequiresCompatibilities ?? [])
        {
            if (c is not ("FARGATE" or "EC2" or "EXTERNAL" or "MANAGED_INSTANCES"))
                throw AwsException.InvalidParameter($"Invalid compatibility '{c}'. Valid values: FARGATE, EC2, EXTERNAL, MANAGED_INSTANCES.");
        }
        if (td.NetworkMode is not (null or "awsvpc" or "bridge" or "host" or "none"))
            throw AwsException.InvalidParameter($"Invalid networkMode '{td.NetworkMode}'. Valid values: awsvpc, bridge, host, none.");
        if (td.PidMode is not (null or "host" or "task"))
            throw AwsException.InvalidParameter($"Invalid pidMode '{td.PidMode}'. Valid values: host, task.");
        if (td.IpcMode is not (null or "host" or "task" or "none"))
            throw AwsException.InvalidParameter($"Invalid ipcMode '{td.IpcMode}'. Valid values: host, task, none.");
        CheckPlacementConstraints(td.PlacementConstraints);
        td.PlacementConstraints ??= [];
        td.Extra = WithEmptyVolumes(td.Extra);

        if (td.RequiresCompatibilities?.Contains("FARGATE") == true)
            return Fargate(td);
        try
        {
            return Fargate(td);
        }
        catch (AwsException)
        {
            // Not runnable on Fargate: it is an EC2 definition, checked as ECS checks those.
        }
        return Ec2(td);
    }

    /// <summary>
    /// RunTask and services launch on FARGATE only (the EC2 launch type is not available yet): a definition whose
    /// <c>compatibilities</c> lack FARGATE is refused with ECS's message, and Berth says which Fargate rule it breaks.
    /// </summary>
    public static void RequireFargate(TaskDefinition td)
    {
        if (td.Compatibilities?.Contains("FARGATE") == true)
            return;
        string why;
        try
        {
            Fargate(td);
            why = "it was registered without meeting Fargate's rules";
        }
        catch (AwsException e)
        {
            why = e.Message;
        }
        throw AwsException.InvalidParameter($"Task definition does not support launch_type FARGATE. Berth runs tasks on Fargate only (the EC2 launch type is not available yet), and {td.TaskDefinitionArn ?? td.Family} is an EC2 definition: {why}");
    }

    /// <summary>ECS returns <c>volumes: []</c> for a definition registered without volumes.</summary>
    static Dictionary<string, System.Text.Json.JsonElement> WithEmptyVolumes(Dictionary<string, System.Text.Json.JsonElement>? extra)
    {
        var result = extra is null ? new Dictionary<string, System.Text.Json.JsonElement>() : new Dictionary<string, System.Text.Json.JsonElement>(extra);
        if (!result.TryGetValue("volumes", out var v) || v.ValueKind == System.Text.Json.JsonValueKind.Null)
            result["volumes"] = System.Text.Json.JsonDocument.Parse("[]").RootElement.Clone();
        return result;
    }

    static void CheckPlacementConstraints(List<TaskDefinitionPlacementConstraint>? constraints)
    {
        if (constraints is null)
            return;
        if (constraints.Count > MaxPlacementConstraints)
            throw AwsException.Client($"Too many placement constraints: {constraints.Count}. A task definition can have at most {MaxPlacementConstraints}.");
        foreach (var c in constraints)
        {
            if (c.Type != "memberOf")
                throw AwsException.InvalidParameter($"Invalid placement constraint type '{c.Type}'. A task definition's constraints must be of type memberOf.");
            if (PlacementExpression.Check(c.Expression) is { } problem)
                throw AwsException.Client($"Invalid placement constraint expression '{c.Expression}': {problem}.");
        }
    }

    /// <summary>Fargate's rules: awsvpc, a task size from the Fargate table, and the container limits Fargate sets.</summary>
    static TaskDefinition Fargate(TaskDefinition input)
    {
        var td = input with { };
        if (td.NetworkMode != "awsvpc")
            throw AwsException.Client("Fargate only supports network mode 'awsvpc'. Set networkMode to awsvpc.");
        if (td.PidMode == "host" || td.IpcMode is "host")
            throw AwsException.Client("pidMode and ipcMode 'host' are not supported on Fargate.");
        if (td.PlacementConstraints is { Count: > 0 })
            throw AwsException.Client("Task placement constraints are not supported for tasks run on Fargate. Remove placementConstraints.");

        var (cpu, memory) = FargateTaskSize(td);
        td.Cpu = cpu.ToString(System.Globalization.CultureInfo.InvariantCulture);
        td.Memory = memory.ToString(System.Globalization.CultureInfo.InvariantCulture);

        if (td.EphemeralStorage is { } es && es.SizeInGiB is < 21 or > 200)
            throw AwsException.Client($"The ephemeral storage size {es.SizeInGiB} GiB is outside the range Fargate offers: 21 to 200 GiB.");

        TaskRole.TaskRoles.Validate(td.TaskRoleArn);

        td.ContainerDefinitions = td.ContainerDefinitions!.Select(c => ContainerDefinitionValidator.Normalize(c, td.NetworkMode)).ToList();
        CheckContainersTogether(td.ContainerDefinitions, cpu, memory);
        SecretsValidator.CheckExecutionRole(td);
        td.Compatibilities = ["EC2", "FARGATE"];
        return td;
    }

    /// <summary>
    /// ECS's rules for an EC2 definition: the task size is optional, but without a task memory every container needs
    /// <c>memory</c> or <c>memoryReservation</c>; host ports follow the network mode (bridge is the default).
    /// </summary>
    static TaskDefinition Ec2(TaskDefinition input)
    {
        var td = input with { };
        td.NetworkMode ??= "bridge";
        int? cpu = null, memory = null;
        if (td.Cpu is not null)
        {
            cpu = FargateSizes.ParseCpu(td.Cpu) is { } units and >= Ec2MinCpu and <= Ec2MaxCpu ? units
                : throw AwsException.Client($"Invalid 'cpu' setting for task: '{td.Cpu}'. Use between {Ec2MinCpu} and {Ec2MaxCpu} CPU units (\"1024\") or vCPUs (\"1 vCPU\").");
            td.Cpu = cpu.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (td.Memory is not null)
        {
            memory = FargateSizes.ParseMemory(td.Memory) is { } mib and >= 6 ? mib
                : throw AwsException.Client($"Invalid 'memory' setting for task: '{td.Memory}'. Use at least 6 MiB, as MiB (\"2048\") or GB (\"2 GB\").");
            td.Memory = memory.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (td.EphemeralStorage is not null)
            throw AwsException.Client("ephemeralStorage is only supported for tasks run on Fargate. Remove it, or register a Fargate definition (requiresCompatibilities FARGATE).");
        TaskRole.TaskRoles.Validate(td.TaskRoleArn);

        td.ContainerDefinitions = td.ContainerDefinitions!.Select(c => ContainerDefinitionValidator.Normalize(c, td.NetworkMode, fargate: false)).ToList();
        if (memory is null)
        {
            foreach (var c in td.ContainerDefinitions.Where(c => c.Memory is null && c.MemoryReservation is null))
                throw AwsException.Client($"Invalid setting for container '{c.Name}'. At least one of 'memory' or 'memoryReservation' must be specified.");
        }
        CheckContainersTogether(td.ContainerDefinitions, cpu, memory);
        SecretsValidator.CheckExecutionRole(td);
        // ECS Anywhere (EXTERNAL) runs bridge, host and none definitions; awsvpc ones only on EC2.
        td.Compatibilities = td.NetworkMode == "awsvpc" ? ["EC2"] : ["EXTERNAL", "EC2"];
        return td;
    }

    const int Ec2MinCpu = 128;
    const int Ec2MaxCpu = 196608;

    static (int Cpu, int Memory) FargateTaskSize(TaskDefinition td)
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
        if (cpu is null || memory is null)
            throw AwsException.Client("Fargate requires that 'cpu' be defined at the task level and 'memory' be defined at the task level. Set both, e.g. \"cpu\": \"256\", \"memory\": \"512\".");
        if (!FargateSizes.IsValid(cpu.Value, memory.Value))
            throw AwsException.Client(FargateSizes.Explain(cpu.Value, memory.Value));
        return (cpu.Value, memory.Value);
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
