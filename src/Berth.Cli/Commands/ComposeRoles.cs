using Berth.Cli.Iam;

namespace Berth.Cli.Commands;

/// <summary>
/// The task definition's roles before it is registered. ecs-params.yml's task_execution_role and task_role_arn (a name or
/// an ARN, as ecs-cli took them) become ARNs; a project whose containers have <c>secrets</c> or
/// <c>repository_credentials</c> and no task_execution_role gets &lt;project&gt;-ExecutionRole — trusted by ECS tasks, with
/// AmazonECSTaskExecutionRolePolicy and read access to exactly those secrets — since ECS reads them under that role only.
/// </summary>
static class ComposeRoles
{
    public static async Task ApplyAsync(ComposeSession s, CancellationToken ct)
    {
        var td = s.Project.TaskDefinition;
        var roles = new Roles(s.Client);
        if (td["taskRoleArn"]?.GetValue<string>() is { } task)
            td["taskRoleArn"] = await roles.ArnAsync(task, "ecs-params task_role_arn", ct);
        if (td["executionRoleArn"]?.GetValue<string>() is { } exec)
        {
            td["executionRoleArn"] = await roles.ArnAsync(exec, "ecs-params task_execution_role", ct);
            return;
        }
        var containers = td["containerDefinitions"]!.AsArray();
        var secrets = containers.SelectMany(c => c!["secrets"]?.AsArray() ?? []).Select(x => x!["valueFrom"]!.GetValue<string>()).ToList();
        var credentials = containers.Select(c => c!["repositoryCredentials"]?["credentialsParameter"]?.GetValue<string>()).OfType<string>().ToList();
        if (secrets.Count == 0 && credentials.Count == 0)
            return;
        var account = await roles.AccountAsync(ct);
        // Registry credentials are a Secrets Manager secret by ARN or by name.
        var reads = secrets.Concat(credentials.Select(c => c.StartsWith("arn:", StringComparison.Ordinal) ? c
            : SecretAccess.ValueFrom(Manifest.ServiceManifest.SecretsManagerPrefix + c, CliSettings.Region, account)));
        var name = SecretAccess.ExecutionRoleName(s.Project.Name, null);
        var (arn, created) = await roles.EnsureExecutionRoleAsync(name, SecretAccess.Policy(reads, CliSettings.Region, account), s.Project.Name, ct);
        s.Log.Info(created ? "Created execution role" : "Using execution role", ("role", name), ("secrets", (secrets.Count + credentials.Count).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        td["executionRoleArn"] = arn;
    }
}
