using Berth.Ecs.Model;
using Berth.Ecs.Runtime;

namespace Berth.Ecs.Controllers;

/// <summary>Whether a container's <c>dependsOn</c> conditions hold, given what the engine reports now.</summary>
public static class Dependencies
{
    public enum Verdict
    {
        Wait,
        Ready,
        /// <summary>A condition can no longer be met (a SUCCESS dependency exited non-zero, or a dependency exited before it was healthy).</summary>
        Impossible,
    }

    public static (Verdict Verdict, string? Why) Evaluate(ContainerDefinition c, IReadOnlyDictionary<string, ObservedContainer> observed)
    {
        foreach (var d in c.DependsOn ?? [])
        {
            observed.TryGetValue(d.ContainerName!, out var dep);
            var started = dep is { StartedAt: not null } && dep.State != ContainerState.Created;
            var exited = dep?.State == ContainerState.Exited && started;
            switch (d.Condition)
            {
                case "START" when !started:
                    return (Verdict.Wait, null);
                case "COMPLETE" when !exited:
                    return (Verdict.Wait, null);
                case "SUCCESS" when exited && dep!.ExitCode != 0:
                    return (Verdict.Impossible, $"Container dependency condition SUCCESS not met: container '{d.ContainerName}' exited with code {dep.ExitCode}.");
                case "SUCCESS" when !exited:
                    return (Verdict.Wait, null);
                case "HEALTHY" when exited:
                    return (Verdict.Impossible, $"Container dependency condition HEALTHY not met: container '{d.ContainerName}' exited.");
                case "HEALTHY" when dep?.Health != "HEALTHY":
                    return (Verdict.Wait, null);
            }
        }
        return (Verdict.Ready, null);
    }

    /// <summary>
    /// The next containers to stop: running ones that no other running container depends on, so dependents
    /// stop before what they depend on (reverse dependency order), independent ones together.
    /// </summary>
    public static IReadOnlyList<ContainerDefinition> NextToStop(IReadOnlyList<ContainerDefinition> defs, IReadOnlyCollection<string> running)
    {
        return defs
            .Where(c => running.Contains(c.Name!))
            .Where(c => !defs.Any(o => o != c && running.Contains(o.Name!) && (o.DependsOn ?? []).Any(d => d.ContainerName == c.Name)))
            .ToList();
    }
}
