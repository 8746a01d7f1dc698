using System.Globalization;
using System.Text;
using Berth.Ecs.Validation;
using Berth.Kernel;

namespace Berth.AutoScaling;

/// <summary>An ECS service as Application Auto Scaling names it: <c>service/CLUSTER/SERVICE</c> with dimension <c>ecs:service:DesiredCount</c>.</summary>
public sealed record EcsResource(string Cluster, string Service)
{
    public const string Namespace = "ecs";
    public const string Dimension = "ecs:service:DesiredCount";

    public string ResourceId => $"service/{Cluster}/{Service}";

    public string Key => AutoScalingKinds.TargetKey(Namespace, ResourceId, Dimension);

    /// <summary>Checks the three coordinates every target-level request names.</summary>
    public static EcsResource Parse(string? serviceNamespace, string? resourceId, string? dimension)
    {
        RequireNamespace(serviceNamespace);
        if (string.IsNullOrEmpty(resourceId))
            throw AutoScalingErrors.Validation("ResourceId is required.");
        if (string.IsNullOrEmpty(dimension))
            throw AutoScalingErrors.Validation("ScalableDimension is required.");
        if (dimension != Dimension)
            throw AutoScalingErrors.Validation($"Unsupported scalable dimension '{dimension}' for service namespace ecs: use {Dimension}.");
        return ParseId(resourceId);
    }

    public static EcsResource ParseId(string resourceId)
    {
        var parts = resourceId.Split('/');
        if (parts.Length != 3 || parts[0] != "service" || !Names.IsValidName(parts[1]) || !Names.IsValidName(parts[2]))
            throw AutoScalingErrors.Validation($"Unsupported resource ID '{resourceId}': an ECS service is named service/CLUSTER/SERVICE.");
        return new EcsResource(parts[1], parts[2]);
    }

    public static void RequireNamespace(string? serviceNamespace)
    {
        if (string.IsNullOrEmpty(serviceNamespace))
            throw AutoScalingErrors.Validation("ServiceNamespace is required.");
        if (serviceNamespace != Namespace)
            throw AutoScalingErrors.Validation($"Unsupported service namespace '{serviceNamespace}': Berth scales ECS services only (ServiceNamespace ecs).");
    }

    /// <summary>The optional filters of the Describe operations.</summary>
    public static string? OptionalKey(string? resourceId, string? dimension)
    {
        if (dimension is not null && dimension != Dimension)
            throw AutoScalingErrors.Validation($"Unsupported scalable dimension '{dimension}' for service namespace ecs: use {Dimension}.");
        return resourceId is null ? null : ParseId(resourceId).Key;
    }

    public string Describe() => $"service namespace: {Namespace}, resource ID: {ResourceId}, scalable dimension: {Dimension}";
}

/// <summary>ARNs of Application Auto Scaling resources, in AWS's forms.</summary>
internal static class AutoScalingArns
{
    public static string Target(Arns arns, string id) => $"arn:aws:application-autoscaling:{arns.Region}:{arns.AccountId}:scalable-target/{id}";

    public static string Policy(Arns arns, EcsResource r, string name) =>
        $"arn:aws:autoscaling:{arns.Region}:{arns.AccountId}:scalingPolicy:{Guid.NewGuid()}:resource/ecs/{r.ResourceId}:policyName/{name}";

    public static string ScheduledAction(Arns arns, EcsResource r, string name) =>
        $"arn:aws:autoscaling:{arns.Region}:{arns.AccountId}:scheduledAction:{Guid.NewGuid()}:resource/ecs/{r.ResourceId}:scheduledActionName/{name}";

    public static string Alarm(Arns arns, string name) => $"arn:aws:cloudwatch:{arns.Region}:{arns.AccountId}:alarm:{name}";

    public static string DefaultRole(Arns arns) =>
        $"arn:aws:iam::{arns.AccountId}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService";
}

/// <summary>Paging of the Describe operations: MaxResults up to 50, NextToken an opaque offset bound to the request.</summary>
internal static class AutoScalingPaging
{
    public static (List<T> Page, string? NextToken) Page<T>(IReadOnlyList<T> all, int? maxResults, string? nextToken, string listing, int max = 50)
    {
        if (maxResults is < 1 || maxResults > max)
            throw AutoScalingErrors.Validation($"MaxResults must be between 1 and {max}.");
        var limit = maxResults ?? max;
        var offset = 0;
        if (!string.IsNullOrEmpty(nextToken))
        {
            try
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(nextToken));
                var bar = text.LastIndexOf('|');
                if (bar < 0 || text[..bar] != listing || !int.TryParse(text[(bar + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out offset))
                    throw AutoScalingErrors.InvalidNextToken();
            }
            catch (FormatException)
            {
                throw AutoScalingErrors.InvalidNextToken();
            }
        }
        var page = all.Skip(offset).Take(limit).ToList();
        var next = offset + page.Count < all.Count
            ? Convert.ToBase64String(Encoding.UTF8.GetBytes($"{listing}|{(offset + page.Count).ToString(CultureInfo.InvariantCulture)}"))
            : null;
        return (page, next);
    }
}
