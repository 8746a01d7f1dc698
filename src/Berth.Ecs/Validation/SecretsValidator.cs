using System.Text.RegularExpressions;
using Berth.Ecs.Model;
using Berth.Ecs.Secrets;
using Berth.Kernel;

namespace Berth.Ecs.Validation;

/// <summary>
/// A task definition's secrets as RegisterTaskDefinition checks them: each container's <c>secrets</c> (names unique
/// and not shared with its environment, <c>valueFrom</c> a form ECS can read), <c>repositoryCredentials</c>, and the
/// execution role they are read under — with ECS's own ClientException messages where ECS has one.
/// </summary>
static partial class SecretsValidator
{
    public static void CheckContainer(ContainerDefinition c, string who)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = new List<string>();
        foreach (var s in c.Secrets ?? [])
        {
            if (s is null || string.IsNullOrWhiteSpace(s.Name))
                throw AwsException.Client($"{who}: every secret needs a name: the environment variable it sets.");
            if (ValueFrom.Parse(s.ValueFrom).Problem is { } problem)
                throw AwsException.Client($"{who}: secret '{s.Name}': {problem}.");
            if (!names.Add(s.Name))
                duplicates.Add(s.Name);
        }
        if (duplicates.Count > 0)
            throw AwsException.Client($"Duplicate secret names found: {string.Join(", ", duplicates.Distinct())}. Each secret name must be unique.");
        if (c.Environment?.FirstOrDefault(e => e.Name is not null && names.Contains(e.Name)) is { } shared)
            throw AwsException.Client($"The secret name must be unique and not shared with any new or existing environment variables set on the container, such as '{shared.Name}'.");
        if (c.RepositoryCredentials is { } rc && ValueFrom.ParseCredentials(rc.CredentialsParameter).Problem is { } credentials)
            throw AwsException.Client($"{who}: {credentials}.");
        // Berth's only log driver is awslogs, and no awslogs option is a secret: a secretOption would be read and then
        // have nothing to set, so it is refused rather than ignored.
        if (c.LogConfiguration?.SecretOptions is { Count: > 0 })
            throw AwsException.Client($"{who}: logConfiguration.secretOptions is not supported: the awslogs log driver takes no secret options. Put the option in logConfiguration.options.");
    }

    /// <summary>
    /// ECS reads secrets and registry credentials with the execution role's credentials, so it refuses them without one.
    /// Berth does not require the role for pulls from its own registry or for awslogs (Fargate does: "Fargate requires
    /// task definition to have execution role ARN to support log driver awslogs"): tasks without one keep pulling and
    /// logging as the platform, the way every definition written before IAM did; with one, those acts are authorized
    /// for the role (see ExecutionRole).
    /// </summary>
    public static void CheckExecutionRole(TaskDefinition td)
    {
        if (td.ExecutionRoleArn is { } role && !RoleArn().IsMatch(role))
            throw AwsException.Client("Role is not valid");
        if (td.ExecutionRoleArn is not null)
            return;
        var containers = td.ContainerDefinitions ?? [];
        if (containers.Any(c => c.Secrets is { Count: > 0 }))
            throw AwsException.Client("When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.");
        if (containers.Any(c => c.RepositoryCredentials is not null))
            throw AwsException.Client("Private repository authentication requires that the task definition specify a value for executionRoleArn.");
    }

    [GeneratedRegex(@"^arn:aws:iam::\d{12}:role/[\w+=,.@/-]{1,512}$")]
    private static partial Regex RoleArn();
}
