using System.Xml.Linq;

namespace Berth.Cli.Iam;

/// <summary>
/// The IAM and STS calls deploy and compose make for a task's roles: the caller's account, a role's ARN from its name,
/// and the execution role made for a service's secrets (created once, its policies set again on every run).
/// </summary>
sealed class Roles(BerthClient client)
{
    const string IamVersion = "2010-05-08";

    /// <summary>The account the caller's key belongs to (STS GetCallerIdentity).</summary>
    public async Task<string> AccountAsync(CancellationToken ct) =>
        Value(await client.QueryAsync("sts", "GetCallerIdentity", "2011-06-15", new Dictionary<string, string>(), ct), "Account");

    /// <summary>A role's ARN: an ARN as given, a name (or path/name) looked up with GetRole so a missing role is named now.</summary>
    public async Task<string> ArnAsync(string nameOrArn, string field, CancellationToken ct)
    {
        if (nameOrArn.StartsWith("arn:", StringComparison.Ordinal))
            return nameOrArn;
        var name = nameOrArn[(nameOrArn.LastIndexOf('/') + 1)..];
        try
        {
            return Value(await Iam("GetRole", new() { ["RoleName"] = name }, ct), "Arn");
        }
        catch (CliException e) when (e.ErrorType == "NoSuchEntity")
        {
            throw new CliException($"{field}: there is no IAM role named {name}. Create it (aws iam create-role), or leave {field} out.");
        }
    }

    /// <summary>
    /// <paramref name="roleName"/> trusted by ecs-tasks.amazonaws.com (created when missing, tagged with the service), with
    /// AmazonECSTaskExecutionRolePolicy attached and <paramref name="inlinePolicy"/> as its secrets policy. Returns its ARN and
    /// whether it was created.
    /// </summary>
    public async Task<(string Arn, bool Created)> EnsureExecutionRoleAsync(string roleName, string inlinePolicy, string service, CancellationToken ct)
    {
        string arn;
        var created = false;
        try
        {
            arn = Value(await Iam("GetRole", new() { ["RoleName"] = roleName }, ct), "Arn");
        }
        catch (CliException e) when (e.ErrorType == "NoSuchEntity")
        {
            arn = Value(await Iam("CreateRole", new()
            {
                ["RoleName"] = roleName,
                ["AssumeRolePolicyDocument"] = SecretAccess.TrustPolicy,
                ["Description"] = $"Lets ECS read the secrets of {service} and pull its image and write its logs (made by berth).",
                ["Tags.member.1.Key"] = "berth:service",
                ["Tags.member.1.Value"] = service,
            }, ct), "Arn");
            created = true;
        }
        await Iam("AttachRolePolicy", new() { ["RoleName"] = roleName, ["PolicyArn"] = SecretAccess.TaskExecutionPolicyArn }, ct);
        await Iam("PutRolePolicy", new() { ["RoleName"] = roleName, ["PolicyName"] = SecretAccess.InlinePolicyName, ["PolicyDocument"] = inlinePolicy }, ct);
        return (arn, created);
    }

    Task<XElement> Iam(string action, Dictionary<string, string> parameters, CancellationToken ct) =>
        client.QueryAsync("iam", action, IamVersion, parameters, ct);

    static string Value(XElement root, string name) =>
        root.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value
        ?? throw new CliException($"The answer has no {name}: {root}");
}
