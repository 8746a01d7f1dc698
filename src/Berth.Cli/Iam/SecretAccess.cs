using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Berth.Cli.Manifest;

namespace Berth.Cli.Iam;

/// <summary>
/// What a service's execution role needs for its secrets, as Copilot grants it: the <c>valueFrom</c> each manifest entry
/// becomes, and an inline policy allowing <c>secretsmanager:GetSecretValue</c> and <c>ssm:GetParameters</c> on exactly
/// the secrets and parameters the service names.
/// </summary>
static class SecretAccess
{
    public const string TrustPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    public const string TaskExecutionPolicyArn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
    public const string InlinePolicyName = "berth-secrets";

    /// <summary>
    /// The role made for a service: &lt;cluster&gt;-&lt;name&gt;-ExecutionRole (deploy), or &lt;project&gt;-ExecutionRole
    /// (compose, <paramref name="service"/> null), shortened to IAM's 64 characters with a hash.
    /// </summary>
    public static string ExecutionRoleName(string scope, string? service)
    {
        var name = service is null ? $"{scope}-ExecutionRole" : $"{scope}-{service}-ExecutionRole";
        if (name.Length <= 64)
            return name;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
        return $"{name[..(64 - 9 - "-ExecutionRole".Length)].TrimEnd('-')}-{hash}-ExecutionRole";
    }

    /// <summary>The container's valueFrom for a manifest entry: Copilot's {secretsmanager: NAME} is the secret's (partial) ARN.</summary>
    public static string ValueFrom(string entry, string region, string account) =>
        entry.StartsWith(ServiceManifest.SecretsManagerPrefix, StringComparison.Ordinal)
            ? $"arn:aws:secretsmanager:{region}:{account}:secret:{entry[ServiceManifest.SecretsManagerPrefix.Length..]}"
            : entry;

    /// <summary>
    /// The resources a valueFrom is read from, as IAM names them: a secret's ARN without ECS's json-key/stage/id suffix,
    /// and the same followed by <c>-??????</c> (a name or partial ARN stands for the secret whose full ARN adds six random
    /// characters); a parameter's ARN without a version or label selector.
    /// </summary>
    public static (string Action, string[] Resources) Resources(string valueFrom, string region, string account)
    {
        if (!valueFrom.StartsWith("arn:", StringComparison.Ordinal))
        {
            var name = valueFrom.Split(':')[0];
            return ("ssm:GetParameters", [$"arn:aws:ssm:{region}:{account}:parameter/{name.TrimStart('/')}"]);
        }
        var parts = valueFrom.Split(':');
        if (parts.Length >= 7 && parts[2] == "secretsmanager")
        {
            var secret = string.Join(':', parts[..7]);
            return ("secretsmanager:GetSecretValue", [secret, secret + "-??????"]);
        }
        return ("ssm:GetParameters", [string.Join(':', parts[..Math.Min(parts.Length, 6)])]);
    }

    /// <summary>The inline policy for <paramref name="valueFroms"/>: one statement per action, resources sorted and distinct.</summary>
    public static string Policy(IEnumerable<string> valueFroms, string region, string account)
    {
        var statements = new JsonArray();
        foreach (var group in valueFroms.Select(v => Resources(v, region, account)).GroupBy(r => r.Action).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var resources = group.SelectMany(g => g.Resources).Distinct().Order(StringComparer.Ordinal).Select(r => (JsonNode)r).ToArray();
            statements.Add(new JsonObject
            {
                ["Sid"] = group.Key.StartsWith("ssm", StringComparison.Ordinal) ? "ReadParameters" : "ReadSecrets",
                ["Effect"] = "Allow",
                ["Action"] = group.Key,
                ["Resource"] = new JsonArray(resources),
            });
        }
        return new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = statements }.ToJsonString();
    }
}
