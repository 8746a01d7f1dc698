namespace Berth.Kernel;

/// <summary>Builds and parses ARNs in the AWS format for one account and region.</summary>
public sealed class Arns(string accountId, string region)
{
    public string AccountId { get; } = accountId;
    public string Region { get; } = region;

    string Prefix(string service) => $"arn:aws:{service}:{Region}:{AccountId}:";

    public string Cluster(string name) => Prefix("ecs") + "cluster/" + name;
    public string TaskDefinition(string family, int revision) => Prefix("ecs") + $"task-definition/{family}:{revision}";
    public string Task(string clusterName, string taskId) => Prefix("ecs") + $"task/{clusterName}/{taskId}";
    public string Container(string clusterName, string taskId, string containerId) => Prefix("ecs") + $"container/{clusterName}/{taskId}/{containerId}";
    public string LogGroup(string name) => Prefix("logs") + $"log-group:{name}:*";
    public string LogStream(string group, string stream) => Prefix("logs") + $"log-group:{group}:log-stream:{stream}";

    public string LoadBalancer(string name, string id) => Prefix("elasticloadbalancing") + $"loadbalancer/app/{name}/{id}";
    public string TargetGroup(string name, string id) => Prefix("elasticloadbalancing") + $"targetgroup/{name}/{id}";
    public string Service(string clusterName, string serviceName) => Prefix("ecs") + $"service/{clusterName}/{serviceName}";
    public string Alarm(string name) => Prefix("cloudwatch") + $"alarm:{name}";

    /// <summary>A listener ARN under its load balancer's: <c>listener/app/NAME/LBID/ID</c>.</summary>
    public static string Listener(string loadBalancerArn, string id) => loadBalancerArn.Replace(":loadbalancer/", ":listener/", StringComparison.Ordinal) + "/" + id;

    /// <summary>A rule ARN under its listener's: <c>listener-rule/app/NAME/LBID/LISTENERID/ID</c>.</summary>
    public static string ListenerRule(string listenerArn, string id) => listenerArn.Replace(":listener/", ":listener-rule/", StringComparison.Ordinal) + "/" + id;

    /// <summary>The 16 hex digits ELB ends its ARNs with.</summary>
    public static string NewElbId() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));

    /// <summary>A new task id: 32 lower-case hex digits, as ECS makes them.</summary>
    public static string NewTaskId() => Guid.NewGuid().ToString("N");

    /// <summary>Parses <c>arn:partition:service:region:account:resource</c>; null when it is not an ARN.</summary>
    public static ParsedArn? Parse(string? arn)
    {
        if (arn is null || !arn.StartsWith("arn:", StringComparison.Ordinal))
            return null;
        var parts = arn.Split(':', 6);
        if (parts.Length != 6 || parts[1].Length == 0 || parts[2].Length == 0 || parts[5].Length == 0)
            return null;
        return new ParsedArn(parts[1], parts[2], parts[3], parts[4], parts[5]);
    }

    /// <summary>
    /// The cluster name from a name or cluster ARN (<c>default</c> when none is given).
    /// </summary>
    public static string ClusterName(string? clusterOrArn)
    {
        if (string.IsNullOrEmpty(clusterOrArn))
            return "default";
        var arn = Parse(clusterOrArn);
        if (arn is null)
            return clusterOrArn;
        return arn.Service == "ecs" && arn.Resource.StartsWith("cluster/", StringComparison.Ordinal)
            ? arn.Resource["cluster/".Length..]
            : throw AwsException.InvalidParameter($"Invalid cluster ARN: {clusterOrArn}");
    }

    /// <summary>Task id from an id or ARN (<c>arn:...:task/cluster/id</c> or the older <c>task/id</c>).</summary>
    public static string TaskId(string taskOrArn)
    {
        var arn = Parse(taskOrArn);
        if (arn is null)
            return taskOrArn;
        if (arn.Service != "ecs" || !arn.Resource.StartsWith("task/", StringComparison.Ordinal))
            throw AwsException.InvalidParameter($"Invalid task ARN: {taskOrArn}");
        var path = arn.Resource["task/".Length..];
        return path[(path.LastIndexOf('/') + 1)..];
    }

    /// <summary>Cluster name a task ARN names (new-format ARNs only); null for ids.</summary>
    public static string? ClusterOfTask(string taskOrArn)
    {
        var arn = Parse(taskOrArn);
        if (arn is null)
            return null;
        var path = arn.Resource.StartsWith("task/", StringComparison.Ordinal) ? arn.Resource["task/".Length..] : "";
        var slash = path.IndexOf('/');
        return slash > 0 ? path[..slash] : null;
    }
}

public sealed record ParsedArn(string Partition, string Service, string Region, string Account, string Resource);
