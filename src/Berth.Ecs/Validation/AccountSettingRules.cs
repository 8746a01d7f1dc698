using Berth.Kernel;

namespace Berth.Ecs.Validation;

/// <summary>
/// ECS's account settings: their names, the values ECS allows, the default an account starts with, and which values
/// Berth can honour. A value whose effect Berth does not have (short ARNs, FIPS endpoints, dual-stack tasks, an
/// enforced ecs:TagResource on create, non-blocking log delivery) is refused by name; the ones whose effect concerns
/// what Berth never does (container instances for trunking, retiring Fargate tasks) are kept, since nothing they govern
/// can happen differently.
/// </summary>
public static class AccountSettingRules
{
    /// <summary>One setting: the values ECS takes, those Berth takes, the value an account starts with, whether only the account (root) has it.</summary>
    public sealed record Rule(string[] Values, string[] Supported, string Default, bool AccountOnly, string? Why = null);

    public static readonly IReadOnlyDictionary<string, Rule> Rules = new Dictionary<string, Rule>(StringComparer.Ordinal)
    {
        ["serviceLongArnFormat"] = LongArn("service"),
        ["taskLongArnFormat"] = LongArn("task"),
        ["containerInstanceLongArnFormat"] = LongArn("container instance"),
        ["awsvpcTrunking"] = new(["enabled", "disabled"], ["enabled", "disabled"], "disabled", false),
        ["containerInsights"] = new(["enabled", "disabled", "enhanced"], ["enabled", "disabled", "enhanced"], "disabled", false),
        ["dualStackIPv6"] = new(["enabled", "disabled"], ["disabled"], "disabled", false,
            "Berth's task networks are IPv4 only, so tasks cannot get IPv6 addresses"),
        ["fargateFIPSMode"] = new(["enabled", "disabled"], ["disabled"], "disabled", true,
            "Berth has no FIPS 140-validated endpoints or task runtime"),
        ["tagResourceAuthorization"] = new(["on", "off"], ["off"], "off", true,
            "Berth authorizes tags given on create through the create action's aws:RequestTag and aws:TagKeys conditions and does not also require ecs:TagResource"),
        ["fargateTaskRetirementWaitPeriod"] = new(["0", "7", "14"], ["0", "7", "14"], "7", true),
        ["guardDutyActivate"] = new(["on", "off"], [], "off", true,
            "this setting is read-only in ECS: GuardDuty Runtime Monitoring manages it, and Berth has none"),
        ["defaultLogDriverMode"] = new(["blocking", "non-blocking"], ["blocking"], "blocking", true,
            "Berth's containers write their output through the engine's json-file log driver in its blocking mode, which Berth's log collection then reads"),
        ["fargateEventWindows"] = new(["enabled", "disabled"], ["enabled", "disabled"], "disabled", true),
    };

    static Rule LongArn(string what) => new(["enabled", "disabled"], ["enabled"], "enabled", false,
        $"Berth always gives {what}s the long ARN format (with the cluster name), which ECS requires for tagging");

    public static IEnumerable<string> Names => Rules.Keys;

    public static Rule Require(string? name) =>
        name is not null && Rules.TryGetValue(name, out var rule)
            ? rule
            : throw AwsException.InvalidParameter($"Invalid account setting name '{name}'. Valid names: {string.Join(", ", Rules.Keys)}.");

    /// <summary>Checks a value to set for <paramref name="name"/> for <paramref name="principalArn"/> (root: the account).</summary>
    public static void CheckValue(string? name, string? value, bool forAccount)
    {
        var rule = Require(name);
        if (value is null || !rule.Values.Contains(value))
            throw AwsException.InvalidParameter($"Invalid value '{value}' for account setting {name}. Valid values: {string.Join(", ", rule.Values)}.");
        if (!rule.Supported.Contains(value))
            throw AwsException.InvalidParameter(rule.Supported.Length == 0
                ? $"The {name} account setting cannot be changed: {rule.Why}."
                : $"{name} '{value}' is not supported: {rule.Why}. Valid values in Berth: {string.Join(", ", rule.Supported)}.");
        if (rule.AccountOnly && !forAccount)
            throw AwsException.InvalidParameter($"{name} is set for the whole account only: use PutAccountSettingDefault, or PutAccountSetting as the root user without principalArn.");
    }
}
