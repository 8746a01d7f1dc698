using System.Globalization;

namespace Berth.Iam.Managed;

/// <summary>
/// A policy AWS manages (<c>arn:aws:iam::aws:policy/PATH/NAME</c>): the same in every account, attachable, never
/// changed or deleted by its users. Berth ships one version of each — its default as AWS publishes it — with AWS's id,
/// path and dates.
/// </summary>
public sealed record AwsManagedPolicy(
    string PolicyName, string Path, string PolicyId, string DefaultVersionId, DateTimeOffset CreateDate, DateTimeOffset UpdateDate,
    string Description, string Document)
{
    public string Arn => $"arn:aws:iam::aws:policy{Path}{PolicyName}";

    /// <summary>Policies under <c>/aws-service-role/</c> belong to service-linked roles and attach to nothing else.</summary>
    public bool ForServiceLinkedRoles => Path == "/aws-service-role/";

    internal static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}

/// <summary>The AWS managed policies Berth knows, by ARN.</summary>
public static class AwsManagedPolicies
{
    public static readonly IReadOnlyList<AwsManagedPolicy> All =
    [
        AccessPolicies.AdministratorAccess,
        AccessPolicies.ReadOnlyAccess,
        ContainerPolicies.AmazonECSFullAccess,
        ContainerPolicies.AmazonECSTaskExecutionRolePolicy,
        ContainerPolicies.AmazonEC2ContainerRegistryReadOnly,
        ServicePolicies.CloudWatchLogsFullAccess,
        ServicePolicies.SecretsManagerReadWrite,
        ServicePolicies.AmazonSSMReadOnlyAccess,
        ServiceLinkedRolePolicies.AmazonECSServiceRolePolicy,
        ServiceLinkedRolePolicies.AWSElasticLoadBalancingServiceRolePolicy,
        ServiceLinkedRolePolicies.AWSApplicationAutoscalingECSServicePolicy,
    ];

    static readonly Dictionary<string, AwsManagedPolicy> ByArn = All.ToDictionary(p => p.Arn, StringComparer.Ordinal);

    public static AwsManagedPolicy? Find(string arn) => ByArn.GetValueOrDefault(arn);

    /// <summary>Whether an ARN names a policy of the account <c>aws</c> (known to Berth or not).</summary>
    public static bool IsAwsArn(string arn) => arn.StartsWith("arn:aws:iam::aws:policy/", StringComparison.Ordinal);
}
