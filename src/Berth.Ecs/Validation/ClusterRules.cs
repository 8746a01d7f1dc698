using System.Text.Json;
using Berth.Ecs.Model;
using Berth.Kernel;

namespace Berth.Ecs.Validation;

/// <summary>
/// What a cluster may be given (CreateCluster, UpdateCluster, UpdateClusterSettings, PutClusterCapacityProviders):
/// settings, configuration and capacity providers as ECS checks them. A member Berth cannot act on is refused by
/// name rather than stored and ignored.
/// </summary>
public static class ClusterRules
{
    /// <summary>The capacity providers every account has; EC2 Auto Scaling group providers need the EC2 launch type.</summary>
    public static readonly IReadOnlyList<string> FargateProviders = ["FARGATE", "FARGATE_SPOT"];

    const int MaxStrategyItems = 20;

    public static void CheckSettings(List<ClusterSetting>? settings)
    {
        foreach (var s in settings ?? [])
        {
            if (s.Name != "containerInsights")
                throw AwsException.InvalidParameter($"Invalid cluster setting name '{s.Name}'. The only cluster setting is containerInsights.");
            if (s.Value is not ("enabled" or "disabled" or "enhanced"))
                throw AwsException.InvalidParameter($"Invalid value '{s.Value}' for cluster setting containerInsights. Valid values: enabled, disabled, enhanced.");
        }
        if (settings?.GroupBy(s => s.Name).Any(g => g.Count() > 1) == true)
            throw AwsException.InvalidParameter("containerInsights is named more than once in settings.");
    }

    /// <summary>The settings a cluster has after <paramref name="changes"/>: each named setting replaced, the rest kept.</summary>
    public static List<ClusterSetting> Merge(List<ClusterSetting>? current, List<ClusterSetting> changes)
    {
        var result = (current ?? []).Where(c => changes.All(n => n.Name != c.Name)).Select(c => c with { }).ToList();
        result.AddRange(changes.Select(c => c with { }));
        return result;
    }

    /// <summary>
    /// <c>configuration</c>: ECS Exec's logging may be DEFAULT or NONE (Berth has no ExecuteCommand, so no session is
    /// ever logged either way); what needs KMS or a session log destination is refused by name.
    /// </summary>
    public static JsonElement? CheckConfiguration(JsonElement? configuration)
    {
        if (configuration is not { } c || c.ValueKind == JsonValueKind.Null)
            return null;
        if (c.ValueKind != JsonValueKind.Object)
            throw AwsException.InvalidParameter("configuration must be an object with executeCommandConfiguration and/or managedStorageConfiguration.");
        foreach (var member in c.EnumerateObject())
        {
            switch (member.Name)
            {
                case "executeCommandConfiguration":
                    CheckExecuteCommand(member.Value);
                    break;
                case "managedStorageConfiguration":
                    CheckManagedStorage(member.Value);
                    break;
                default:
                    throw AwsException.InvalidParameter($"Unexpected member configuration.{member.Name}: a cluster configuration has executeCommandConfiguration and managedStorageConfiguration.");
            }
        }
        return c.Clone();
    }

    static void CheckExecuteCommand(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Null)
            return;
        if (e.ValueKind != JsonValueKind.Object)
            throw AwsException.InvalidParameter("configuration.executeCommandConfiguration must be an object.");
        foreach (var m in e.EnumerateObject())
        {
            if (m.Value.ValueKind == JsonValueKind.Null)
                continue;
            switch (m.Name)
            {
                case "logging":
                    var logging = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString() : null;
                    if (logging is "OVERRIDE")
                        throw AwsException.InvalidParameter("configuration.executeCommandConfiguration.logging OVERRIDE is not supported: Berth has no ECS Exec (ExecuteCommand) sessions to send to CloudWatch Logs or S3. Use DEFAULT or NONE.");
                    if (logging is not ("DEFAULT" or "NONE"))
                        throw AwsException.InvalidParameter($"Invalid configuration.executeCommandConfiguration.logging '{m.Value}'. Valid values: NONE, DEFAULT, OVERRIDE.");
                    break;
                case "kmsKeyId":
                    throw AwsException.InvalidParameter("configuration.executeCommandConfiguration.kmsKeyId is not supported: Berth has no KMS and no ECS Exec sessions to encrypt.");
                case "logConfiguration":
                    throw AwsException.InvalidParameter("configuration.executeCommandConfiguration.logConfiguration is not supported: Berth has no ECS Exec (ExecuteCommand) sessions to log.");
                default:
                    throw AwsException.InvalidParameter($"Unexpected member configuration.executeCommandConfiguration.{m.Name}.");
            }
        }
    }

    static void CheckManagedStorage(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Null)
            return;
        if (e.ValueKind != JsonValueKind.Object)
            throw AwsException.InvalidParameter("configuration.managedStorageConfiguration must be an object.");
        foreach (var m in e.EnumerateObject())
        {
            if (m.Value.ValueKind == JsonValueKind.Null)
                continue;
            throw AwsException.InvalidParameter(m.Name is "kmsKeyId" or "fargateEphemeralStorageKmsKeyId"
                ? $"configuration.managedStorageConfiguration.{m.Name} is not supported: Berth has no KMS to encrypt task storage with a customer managed key."
                : $"Unexpected member configuration.managedStorageConfiguration.{m.Name}.");
        }
    }

    /// <summary>Service Connect is not there yet, so a cluster's default namespace for it could only be stored and ignored.</summary>
    public static void RefuseServiceConnectDefaults(JsonElement? defaults)
    {
        if (defaults is { ValueKind: not JsonValueKind.Null })
            throw AwsException.InvalidParameter("serviceConnectDefaults is not supported: Berth has no ECS Service Connect yet. Use serviceRegistries (Cloud Map DNS) on services for them to find each other.");
    }

    /// <summary>
    /// The capacity providers of a cluster and its default strategy: only FARGATE and FARGATE_SPOT exist (EC2 Auto
    /// Scaling group providers need the EC2 launch type), and a strategy names only providers of the cluster.
    /// </summary>
    public static void CheckCapacityProviders(List<string>? providers, List<CapacityProviderStrategyItem>? strategy)
    {
        foreach (var p in providers ?? [])
        {
            if (!FargateProviders.Contains(p))
                throw AwsException.InvalidParameter($"The specified capacity provider '{p}' does not exist. Berth has the FARGATE and FARGATE_SPOT capacity providers (EC2 Auto Scaling group providers need the EC2 launch type, which Berth does not have yet).");
        }
        if (providers is not null && providers.Distinct(StringComparer.Ordinal).Count() != providers.Count)
            throw AwsException.InvalidParameter("A capacity provider is named more than once in capacityProviders.");
        CheckStrategy(strategy, providers ?? [], "defaultCapacityProviderStrategy");
    }

    public static void CheckStrategy(List<CapacityProviderStrategyItem>? strategy, IReadOnlyCollection<string> associated, string what)
    {
        if (strategy is null)
            return;
        if (strategy.Count > MaxStrategyItems)
            throw AwsException.InvalidParameter($"{what} can name at most {MaxStrategyItems} capacity providers.");
        foreach (var item in strategy)
        {
            if (string.IsNullOrEmpty(item.CapacityProvider))
                throw AwsException.InvalidParameter($"Each item of {what} needs a capacityProvider.");
            if (!associated.Contains(item.CapacityProvider))
                throw AwsException.InvalidParameter($"The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster: '{item.CapacityProvider}'. Associate it with the cluster (capacityProviders) or name one of {(associated.Count == 0 ? "none: the cluster has no capacity providers" : string.Join(", ", associated))}.");
            if (item.Weight is < 0 or > 1000)
                throw AwsException.InvalidParameter($"The weight of capacity provider '{item.CapacityProvider}' in {what} must be between 0 and 1000 (was {item.Weight}).");
            if (item.Base is < 0 or > 100000)
                throw AwsException.InvalidParameter($"The base of capacity provider '{item.CapacityProvider}' in {what} must be between 0 and 100000 (was {item.Base}).");
        }
        if (strategy.GroupBy(i => i.CapacityProvider).Any(g => g.Count() > 1))
            throw AwsException.InvalidParameter($"A capacity provider is named more than once in {what}.");
        if (strategy.Count(i => i.Base > 0) > 1)
            throw AwsException.InvalidParameter($"Only one capacity provider in {what} can have a base greater than 0.");
        // With several providers, one of weight 0 is never used to place tasks, so one must weigh more.
        if (strategy.Count > 1 && strategy.All(i => (i.Weight ?? 0) == 0))
            throw AwsException.InvalidParameter($"When {what} names several capacity providers, at least one must have a weight greater than 0.");
    }
}
