using Berth.Logs.MetricFilters;

namespace Berth.Logs.Api;

/// <summary>PutMetricFilter, DescribeMetricFilters, DeleteMetricFilter and TestMetricFilter.</summary>
public static class LogsMetricFilterOperations
{
    public static void Register(Kernel.Protocol.ServiceOperations ops, MetricFilterService filters, LogGroupLifecycle groups, LogsAccess a)
    {
        var j = LogsGroupJson.Default;
        ops.Add("PutMetricFilter", j.MetricFilterDefinition, j.NoContent, async (r, ct) =>
        {
            await filters.PutAsync(r, ct);
            groups.FiltersChanged();
            return new NoContent();
        }, access: r => a.Group("PutMetricFilter", r.LogGroupName));
        ops.Add("DescribeMetricFilters", j.DescribeMetricFiltersRequest, j.DescribeMetricFiltersResponse, async (r, ct) =>
        {
            var (list, next) = await filters.DescribeAsync(r.LogGroupName, r.FilterNamePrefix, r.MetricName, r.MetricNamespace, r.NextToken, r.Limit, ct);
            return new DescribeMetricFiltersResponse(list, next);
        }, access: r => r.LogGroupName is null ? LogsAccess.All("DescribeMetricFilters") : a.Group("DescribeMetricFilters", r.LogGroupName));
        ops.Add("DeleteMetricFilter", j.DeleteMetricFilterRequest, j.NoContent, async (r, ct) =>
        {
            await filters.DeleteAsync(r.LogGroupName, r.FilterName, ct);
            return new NoContent();
        }, access: r => a.Group("DeleteMetricFilter", r.LogGroupName));
        ops.Add("TestMetricFilter", j.TestMetricFilterRequest, j.TestMetricFilterResponse, (r, _) =>
            Task.FromResult(new TestMetricFilterResponse(MetricFilterService.Test(r.FilterPattern, r.LogEventMessages)
                .Select(m => new MetricFilterMatchRecord(m.EventNumber, m.Message, new Dictionary<string, string>(m.Extracted, StringComparer.Ordinal))).ToList())));
    }
}
