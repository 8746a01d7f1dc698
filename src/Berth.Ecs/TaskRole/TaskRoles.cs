using System.Text.RegularExpressions;
using Berth.Ecs.Model;
using Berth.Kernel;

namespace Berth.Ecs.TaskRole;

/// <summary>
/// What ECS needs to know about a task's role: which role it is (RunTask's override wins over the definition's),
/// the role's ARN (the API takes a short name or an ARN), and the words ECS refuses a role with.
/// </summary>
public static partial class TaskRoles
{
    /// <summary>The service principal ECS assumes task roles as; a role's trust policy must allow it sts:AssumeRole.</summary>
    public const string ServicePrincipal = "ecs-tasks.amazonaws.com";

    /// <summary>
    /// How long a session is asked for. The ECS agent hands tasks credentials good for hours; STS bounds the request by
    /// the role's MaxSessionDuration (1 hour unless raised), and sessions are renewed at half-life either way.
    /// </summary>
    public static readonly TimeSpan SessionDuration = TimeSpan.FromHours(6);

    /// <summary>The role reference a task runs with, or null when it has none.</summary>
    public static string? Of(TaskDefinition td, TaskOverride? overrides) =>
        NullIfEmpty(overrides?.TaskRoleArn) ?? NullIfEmpty(td.TaskRoleArn);

    public static string? Of(TaskRecord r) => Of(r.Definition, r.Task.Overrides);

    /// <summary>The role's ARN: an ARN as it is, a short name as a role of this account.</summary>
    public static string ArnOf(string reference, string accountId) =>
        reference.StartsWith("arn:", StringComparison.Ordinal) ? reference : $"arn:aws:iam::{accountId}:role/{reference}";

    /// <summary>
    /// RegisterTaskDefinition and RunTask refuse a taskRoleArn that is neither a role's name nor an IAM role ARN with
    /// ECS's words; whether the role exists and trusts ECS is found out when a session is opened.
    /// </summary>
    public static void Validate(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
            return;
        if (!(RoleArn().IsMatch(reference) || RoleName().IsMatch(reference)))
            throw AwsException.Client("Role is not valid");
    }

    /// <summary>What ECS says when it cannot assume the role (missing, or its trust policy does not name ECS tasks).</summary>
    public static string UnableToAssume(string roleArn) =>
        $"ECS was unable to assume the role '{roleArn}' that was provided for this task. Please verify that the role being passed has the proper trust relationship and permissions and that your IAM user has permissions to pass this role.";

    static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    [GeneratedRegex(@"^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/([\u0021-\u007E]*/)?[A-Za-z0-9_+=,.@-]{1,64}$")]
    private static partial Regex RoleArn();

    [GeneratedRegex(@"^[A-Za-z0-9_+=,.@-]{1,64}$")]
    private static partial Regex RoleName();
}
