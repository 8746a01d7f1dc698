using Berth.Kernel;
using Berth.Kernel.Auth;

namespace Berth.Logs.Api;

/// <summary>
/// What each CloudWatch Logs request asks to do, as IAM sees it: group actions on the group's ARN as DescribeLogGroups
/// shows it (<c>…:log-group:NAME:*</c>), stream actions on the stream's (<c>…:log-group:NAME:log-stream:STREAM</c>), and
/// DescribeLogGroups on all resources. The awslogs driver writes under the task's execution role through these same actions.
/// </summary>
public sealed class LogsAccess(Arns arns)
{
    public IReadOnlyList<AccessRequest> Group(string operation, string? group) =>
        [new($"logs:{operation}", [arns.LogGroup(group ?? "")])];

    public IReadOnlyList<AccessRequest> Stream(string operation, string? group, string? stream) =>
        [new($"logs:{operation}", [arns.LogStream(group ?? "", stream ?? "")])];

    /// <summary>Tagging by ARN: the group's ARN as DescribeLogGroups shows it, whichever of its forms the caller gave.</summary>
    public IReadOnlyList<AccessRequest> Arn(string operation, string? resourceArn) =>
        [new($"logs:{operation}", [resourceArn is null ? "*" : resourceArn.EndsWith(":*", StringComparison.Ordinal) || !resourceArn.Contains(":log-group:", StringComparison.Ordinal) ? resourceArn : resourceArn + ":*"])];

    public static IReadOnlyList<AccessRequest> All(string operation) => [new($"logs:{operation}", AccessRequest.AllResources)];
}
