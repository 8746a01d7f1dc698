using Berth.Kernel;

namespace Berth.AutoScaling;

/// <summary>When a scheduled action is due: the latest occurrence after the one it last ran for, up to now (missed ones run once).</summary>
internal static class ScheduledRuns
{
    public static DateTimeOffset? Due(ScheduledActionRecord record, DateTimeOffset now)
    {
        var a = record.Action;
        if (a.StartTime > now)
            return null;
        ScheduleExpression expr;
        try
        {
            expr = ScheduleExpression.Parse(a.Schedule, a.Timezone);
        }
        catch (AwsException)
        {
            return null;
        }
        var anchor = a.StartTime ?? a.CreationTime;
        var from = record.LastFiredAt ?? (expr is ScheduleExpression.At ? DateTimeOffset.MinValue : anchor.AddTicks(-1));
        var next = expr.Next(from, anchor);
        if (next is null || next > now || next > a.EndTime)
            return null;
        var latest = next.Value;
        for (var guard = 0; guard < 100_000; guard++)
        {
            var after = expr.Next(latest, anchor);
            if (after is null || after > now || after > a.EndTime)
                break;
            latest = after.Value;
        }
        return latest;
    }

    /// <summary>The range a scheduled action sets, keeping min ≤ max when it names only one side.</summary>
    public static (int Min, int Max) Range(ScalableTarget target, ScalableTargetAction action)
    {
        var min = action.MinCapacity ?? target.MinCapacity;
        var max = action.MaxCapacity ?? target.MaxCapacity;
        if (min > max)
        {
            if (action.MaxCapacity is null)
                max = min;
            else
                min = max;
        }
        return (min, max);
    }
}
