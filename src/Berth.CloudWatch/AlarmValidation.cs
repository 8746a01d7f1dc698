using Berth.Kernel;

namespace Berth.CloudWatch;

/// <summary>PutMetricAlarm's checks, with the model's limits; metric math and anomaly detection alarms are refused.</summary>
internal static class AlarmValidation
{
    const int MaxActions = 5;

    public static MetricAlarm Alarm(PutMetricAlarmRequest r, Arns arns)
    {
        var name = MetricValidation.Required(r.AlarmName, "AlarmName");
        MetricValidation.Length(name, "AlarmName", 1, 255);
        MetricValidation.Length(r.AlarmDescription, "AlarmDescription", 0, 1024);
        if (r.Metrics is { Count: > 0 } || r.ThresholdMetricId is not null)
            throw CloudWatchErrors.Validation("Metric math alarms (Metrics, ThresholdMetricId) are not supported by Berth: give MetricName, Namespace, Statistic and Period.");
        var op = MetricValidation.Required(r.ComparisonOperator, "ComparisonOperator");
        if (!AlarmRules.Operators.Contains(op))
            throw CloudWatchErrors.InvalidParameterValue($"The parameter ComparisonOperator must be a value in the set [ {string.Join(", ", AlarmRules.Operators)} ] (anomaly detection alarms are not supported).");
        var ns = MetricValidation.Namespace(r.Namespace);
        var metric = MetricValidation.MetricName(r.MetricName);
        var dims = MetricValidation.Dimensions(r.Dimensions);
        if ((r.Statistic is null) == (r.ExtendedStatistic is null))
            throw CloudWatchErrors.InvalidParameterCombination("Exactly one of the parameters Statistic and ExtendedStatistic must be specified.");
        if (r.Statistic is not null && !MetricValidation.Statistics.Contains(r.Statistic))
            throw CloudWatchErrors.InvalidParameterValue($"The parameter Statistic must be a value in the set [ {string.Join(", ", MetricValidation.Statistics)} ].");
        if (r.ExtendedStatistic is not null && MetricValidation.Percentile(r.ExtendedStatistic) is null)
            throw CloudWatchErrors.InvalidParameterValue("The parameter ExtendedStatistic must be a percentile such as p99 or p99.9.");
        var period = MetricValidation.Period(r.Period);
        if (period < 60 && period is not (10 or 30))
            throw CloudWatchErrors.InvalidParameterValue("The parameter Period of an alarm must be 10, 30, or a multiple of 60.");
        var evaluationPeriods = MetricValidation.Required(r.EvaluationPeriods, "EvaluationPeriods");
        if (evaluationPeriods < 1)
            throw CloudWatchErrors.InvalidParameterValue("The parameter EvaluationPeriods must be greater than or equal to 1.");
        if (r.DatapointsToAlarm is { } m && (m < 1 || m > evaluationPeriods))
            throw CloudWatchErrors.InvalidParameterValue("The parameter DatapointsToAlarm must be between 1 and EvaluationPeriods.");
        var window = (long)period * evaluationPeriods;
        if (window > (period >= 3600 ? 7 * 86400 : 86400))
            throw CloudWatchErrors.InvalidParameterValue("Period multiplied by EvaluationPeriods must not exceed one day (seven days for periods of an hour or more).");
        var threshold = MetricValidation.Required(r.Threshold, "Threshold");
        if (!double.IsFinite(threshold))
            throw CloudWatchErrors.InvalidParameterValue("The parameter Threshold must be a finite number.");
        if (r.TreatMissingData is not null && !AlarmRules.MissingDataTreatments.Contains(r.TreatMissingData))
            throw CloudWatchErrors.InvalidParameterValue($"The parameter TreatMissingData must be a value in the set [ {string.Join(", ", AlarmRules.MissingDataTreatments)} ].");
        if (r.EvaluateLowSampleCountPercentile is not (null or "evaluate" or "ignore"))
            throw CloudWatchErrors.InvalidParameterValue("The parameter EvaluateLowSampleCountPercentile must be evaluate or ignore.");
        AlarmTags.Validate(r.Tags ?? []);
        return new MetricAlarm
        {
            AlarmName = name,
            AlarmArn = arns.Alarm(name),
            AlarmDescription = r.AlarmDescription,
            ActionsEnabled = r.ActionsEnabled ?? true,
            OkActions = Actions(r.OKActions, "OKActions"),
            AlarmActions = Actions(r.AlarmActions, "AlarmActions"),
            InsufficientDataActions = Actions(r.InsufficientDataActions, "InsufficientDataActions"),
            MetricName = metric,
            Namespace = ns,
            Statistic = r.Statistic,
            ExtendedStatistic = r.ExtendedStatistic,
            Dimensions = [.. new MetricKey(ns, metric, dims).Dimensions],
            Period = period,
            Unit = MetricValidation.Unit(r.Unit),
            EvaluationPeriods = evaluationPeriods,
            DatapointsToAlarm = r.DatapointsToAlarm,
            Threshold = threshold,
            ComparisonOperator = op,
            TreatMissingData = r.TreatMissingData,
            Tags = r.Tags ?? [],
        };
    }

    static List<string> Actions(List<string>? actions, string name)
    {
        if (actions is null)
            return [];
        if (actions.Count > MaxActions)
            throw CloudWatchErrors.InvalidParameterValue($"The collection {name} must not have a size greater than {MaxActions}.");
        for (var i = 0; i < actions.Count; i++)
            MetricValidation.Length(MetricValidation.Required(actions[i], $"{name}.member.{i + 1}"), $"{name}.member.{i + 1}", 1, 1024);
        return [.. actions];
    }

    public static void Names(List<string>? names, bool required)
    {
        if (names is null || names.Count == 0)
        {
            if (required)
                throw CloudWatchErrors.MissingParameter("AlarmNames");
            return;
        }
        if (names.Count > 100)
            throw CloudWatchErrors.InvalidParameterValue("The collection AlarmNames must not have a size greater than 100.");
        for (var i = 0; i < names.Count; i++)
            MetricValidation.Length(MetricValidation.Required(names[i], $"AlarmNames.member.{i + 1}"), $"AlarmNames.member.{i + 1}", 1, 255);
    }
}
