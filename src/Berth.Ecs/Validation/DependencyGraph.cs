using Berth.Ecs.Model;
using Berth.Kernel;

namespace Berth.Ecs.Validation;

/// <summary>
/// The rules of <c>dependsOn</c>: known containers, known conditions, HEALTHY only on a container with a
/// health check, COMPLETE/SUCCESS never on an essential container, and no cycles.
/// </summary>
public static class DependencyGraph
{
    public static void Check(IReadOnlyList<ContainerDefinition> containers)
    {
        var byName = containers.ToDictionary(c => c.Name!, StringComparer.Ordinal);
        foreach (var c in containers)
        {
            foreach (var d in c.DependsOn ?? [])
            {
                var who = $"Container '{c.Name}'";
                if (string.IsNullOrEmpty(d.ContainerName) || !byName.TryGetValue(d.ContainerName, out var target))
                    throw AwsException.Client($"{who} depends on '{d.ContainerName}', which is not a container in this task definition.");
                if (target == c)
                    throw AwsException.Client($"{who} cannot depend on itself.");
                switch (d.Condition)
                {
                    case "START":
                        break;
                    case "HEALTHY" when target.HealthCheck is null:
                        throw AwsException.Client($"{who} depends on '{target.Name}' being HEALTHY, but '{target.Name}' has no healthCheck. Add one or use condition START.");
                    case "HEALTHY":
                        break;
                    case "COMPLETE" or "SUCCESS" when target.IsEssential:
                        throw AwsException.Client($"{who} depends on '{target.Name}' with condition {d.Condition}, which cannot be set on an essential container. Set \"essential\": false on '{target.Name}'.");
                    case "COMPLETE" or "SUCCESS":
                        break;
                    default:
                        throw AwsException.Client($"{who}: dependsOn condition '{d.Condition}' is not valid. Valid values: START, COMPLETE, SUCCESS, HEALTHY.");
                }
            }
        }
        var order = StartOrder(containers);
        if (order is null)
            throw AwsException.Client("The dependsOn settings of the containers form a cycle; remove one dependency to break it.");
    }

    /// <summary>Containers in an order where each comes after those it depends on; null when there is a cycle.</summary>
    public static IReadOnlyList<ContainerDefinition>? StartOrder(IReadOnlyList<ContainerDefinition> containers)
    {
        var result = new List<ContainerDefinition>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        var byName = containers.ToDictionary(c => c.Name!, StringComparer.Ordinal);
        bool Visit(ContainerDefinition c)
        {
            if (state.TryGetValue(c.Name!, out var s))
                return s == 2;
            state[c.Name!] = 1;
            foreach (var d in c.DependsOn ?? [])
            {
                if (d.ContainerName is not null && byName.TryGetValue(d.ContainerName, out var t) && !Visit(t))
                    return false;
            }
            state[c.Name!] = 2;
            result.Add(c);
            return true;
        }
        return containers.All(Visit) ? result : null;
    }
}
