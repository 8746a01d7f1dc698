using Berth.Kernel.Networking;

namespace Berth.Ecs.Scheduling;

/// <summary>
/// Where a service's new tasks go: each to the subnet (and so the availability zone) with the fewest of the service's
/// tasks, counting the ones placed before it; ties go to the subnet named first. ECS spreads a service across the
/// availability zones of its subnets the same way.
/// </summary>
public static class SubnetSpread
{
    /// <param name="subnets">The service's subnets, in the order its awsvpcConfiguration names them.</param>
    /// <param name="tasksBySubnet">How many of the service's tasks each subnet has now (subnets not named are ignored).</param>
    public static IReadOnlyList<SubnetPlacement> Place(IReadOnlyList<SubnetPlacement> subnets, IReadOnlyDictionary<string, int> tasksBySubnet, int count)
    {
        if (subnets.Count == 0)
            throw new ArgumentException("A task needs a subnet.", nameof(subnets));
        var load = subnets.Select(s => tasksBySubnet.GetValueOrDefault(s.SubnetId)).ToArray();
        var placed = new List<SubnetPlacement>(count);
        for (var n = 0; n < count; n++)
        {
            var best = 0;
            for (var i = 1; i < load.Length; i++)
            {
                if (load[i] < load[best])
                    best = i;
            }
            load[best]++;
            placed.Add(subnets[best]);
        }
        return placed;
    }
}
