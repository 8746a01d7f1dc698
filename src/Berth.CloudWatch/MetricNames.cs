namespace Berth.CloudWatch;

/// <summary>The namespaces, metric names and dimensions Berth publishes, spelled as CloudWatch spells them.</summary>
public static class MetricNames
{
    public const string Ecs = "AWS/ECS";
    public const string ContainerInsights = "ECS/ContainerInsights";
    public const string ApplicationElb = "AWS/ApplicationELB";

    public const string CpuUtilization = "CPUUtilization";
    public const string MemoryUtilization = "MemoryUtilization";
    public const string CpuUtilized = "CpuUtilized";
    public const string CpuReserved = "CpuReserved";
    public const string MemoryUtilized = "MemoryUtilized";
    public const string MemoryReserved = "MemoryReserved";

    public const string RequestCount = "RequestCount";
    public const string RequestCountPerTarget = "RequestCountPerTarget";
    public const string TargetResponseTime = "TargetResponseTime";
    public const string Target5xx = "HTTPCode_Target_5XX_Count";
    public const string HealthyHostCount = "HealthyHostCount";
    public const string UnHealthyHostCount = "UnHealthyHostCount";

    public const string Percent = "Percent";
    public const string Count = "Count";
    public const string Seconds = "Seconds";
    public const string Megabytes = "Megabytes";
    public const string None = "None";

    public static MetricDimension Cluster(string name) => new("ClusterName", name);
    public static MetricDimension Service(string name) => new("ServiceName", name);
    public static MetricDimension Task(string id) => new("TaskId", id);
    public static MetricDimension Container(string name) => new("ContainerName", name);

    /// <summary>ELB's dimension value for a load balancer: <c>app/NAME/ID</c>, the end of its ARN.</summary>
    public static MetricDimension LoadBalancer(string loadBalancerArn) =>
        new("LoadBalancer", loadBalancerArn[(loadBalancerArn.IndexOf(":loadbalancer/", StringComparison.Ordinal) + ":loadbalancer/".Length)..]);

    /// <summary>ELB's dimension value for a target group: <c>targetgroup/NAME/ID</c>, the end of its ARN.</summary>
    public static MetricDimension TargetGroup(string targetGroupArn) =>
        new("TargetGroup", targetGroupArn[(targetGroupArn.LastIndexOf(':') + 1)..]);
}
