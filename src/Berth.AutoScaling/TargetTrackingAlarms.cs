using System.Globalization;
using Berth.CloudWatch;
using Berth.Kernel;

namespace Berth.AutoScaling;

/// <summary>The two CloudWatch alarms a target tracking policy owns, named and shaped as AWS makes them.</summary>
internal static class TargetTrackingAlarms
{
    public const double LowFactor = 0.9;

    public static List<MetricAlarm> Build(ScalingPolicy policy, Arns arns, int periodSeconds, DateTimeOffset now)
    {
        var config = policy.TargetTrackingScalingPolicyConfiguration!;
        var target = config.TargetValue!.Value;
        var (ns, name, dims, stat, unit) = Metric(policy.ResourceId, config);
        var alarms = new List<MetricAlarm> { Alarm("AlarmHigh", "GreaterThanThreshold", target, 3) };
        if (config.DisableScaleIn != true)
            alarms.Add(Alarm("AlarmLow", "LessThanThreshold", Math.Round(target * LowFactor, 6), 15));
        return alarms;

        MetricAlarm Alarm(string kind, string op, double threshold, int periods)
        {
            var alarmName = $"TargetTracking-{policy.ResourceId}-{kind}-{Guid.NewGuid()}";
            return new MetricAlarm
            {
                AlarmName = alarmName,
                AlarmArn = AutoScalingArns.Alarm(arns, alarmName),
                AlarmDescription = $"DO NOT EDIT OR DELETE. For TargetTrackingScaling policy {policy.PolicyARN}.",
                AlarmConfigurationUpdatedTimestamp = now,
                StateUpdatedTimestamp = now,
                StateTransitionedTimestamp = now,
                AlarmActions = [policy.PolicyARN],
                MetricName = name,
                Namespace = ns,
                Statistic = stat,
                Dimensions = dims,
                Period = periodSeconds,
                Unit = unit,
                EvaluationPeriods = periods,
                DatapointsToAlarm = periods,
                Threshold = threshold,
                ComparisonOperator = op,
                OwnedBy = policy.PolicyARN,
            };
        }
    }

    /// <summary>The metric a target tracking configuration follows: namespace, name, dimensions, statistic, unit.</summary>
    public static (string Namespace, string Name, List<MetricDimension> Dimensions, string Statistic, string? Unit) Metric(
        string resourceId, TargetTrackingScalingPolicyConfiguration config)
    {
        if (config.CustomizedMetricSpecification is { } c)
            return (c.Namespace!, c.MetricName!, c.Dimensions ?? [], c.Statistic!, c.Unit);
        var p = config.PredefinedMetricSpecification!;
        var r = EcsResource.ParseId(resourceId);
        List<MetricDimension> service = [new("ClusterName", r.Cluster), new("ServiceName", r.Service)];
        return p.PredefinedMetricType switch
        {
            "ECSServiceAverageCPUUtilization" => ("AWS/ECS", "CPUUtilization", service, "Average", "Percent"),
            "ECSServiceAverageMemoryUtilization" => ("AWS/ECS", "MemoryUtilization", service, "Average", "Percent"),
            _ => ("AWS/ApplicationELB", "RequestCountPerTarget", [new("TargetGroup", TargetGroupOf(p.ResourceLabel!))], "Sum", null),
        };
    }

    /// <summary><c>app/LB/ID/targetgroup/TG/ID</c> → <c>targetgroup/TG/ID</c>, the dimension CloudWatch uses.</summary>
    public static string TargetGroupOf(string resourceLabel)
    {
        var i = resourceLabel.IndexOf("/targetgroup/", StringComparison.Ordinal);
        return resourceLabel[(i + 1)..];
    }

    public static string Format(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);
}
