using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Protocol;
using Berth.Logs.Insights;

namespace Berth.Logs.Api;

/// <summary>
/// CloudWatch Logs Insights over the Logs service: StartQuery, GetQueryResults, StopQuery, DescribeQueries and
/// GetLogRecord. StartQuery and GetLogRecord are authorized on the groups they read; the others, which have no
/// resource-level permissions in IAM, on all resources.
/// </summary>
public static class InsightsOperations
{
    public static void Register(ServiceOperations ops, InsightsService insights, Arns arns)
    {
        var j = InsightsJson.Default;
        ops.Add("StartQuery", j.StartQueryRequest, j.StartQueryResponse, async (r, ct) =>
        {
            var id = await insights.StartQueryAsync(new StartQueryInput(
                r.QueryLanguage, r.LogGroupName, r.LogGroupNames, r.LogGroupIdentifiers, r.StartTime, r.EndTime, r.QueryString, r.Limit), ct);
            return new StartQueryResponse(id);
        }, access: r => [new AccessRequest("logs:StartQuery", GroupsOf(r) is { Count: > 0 } g ? g.Select(arns.LogGroup).ToList() : AccessRequest.AllResources)]);
        ops.Add("GetQueryResults", j.QueryIdRequest, j.GetQueryResultsResponse, (r, _) =>
        {
            var (run, rows, next) = insights.GetResults(r.QueryId, r.MaxItems, r.NextToken);
            var results = rows.Select(row => row.Select(f => new ResultField(f.Key, f.Value)).ToList()).ToList();
            return Task.FromResult(new GetQueryResultsResponse("CWLI", results, Statistics(run), run.Status, next));
        });
        ops.Add("StopQuery", j.QueryIdRequest, j.StopQueryResponse, (r, _) =>
        {
            insights.Stop(r.QueryId);
            return Task.FromResult(new StopQueryResponse(true));
        });
        ops.Add("DescribeQueries", j.DescribeQueriesRequest, j.DescribeQueriesResponse, (r, _) =>
        {
            if (r.QueryLanguage is not (null or "CWLI" or "SQL" or "PPL"))
                throw AwsException.InvalidParameter("queryLanguage must be CWLI, SQL or PPL.");
            var (runs, next) = insights.Describe(r.LogGroupName, r.Status, r.MaxResults, r.NextToken);
            // Every Berth query is CWLI: asking for SQL or PPL ones finds none.
            var infos = r.QueryLanguage is null or "CWLI" ? runs.Select(Info).ToList() : [];
            return Task.FromResult(new DescribeQueriesResponse(infos, infos.Count == 0 ? null : next));
        });
        ops.Add("GetLogRecord", j.GetLogRecordRequest, j.GetLogRecordResponse, async (r, ct) =>
            new GetLogRecordResponse(await insights.GetLogRecordAsync(r.LogRecordPointer, ct)),
            access: r => [new AccessRequest("logs:GetLogRecord", InsightsService.GroupOfPointer(r.LogRecordPointer) is { } g ? [arns.LogGroup(g)] : AccessRequest.AllResources)]);
    }

    static QueryStatistics Statistics(QueryRun run) =>
        new(Interlocked.Read(ref run.RecordsMatched), Interlocked.Read(ref run.RecordsScanned), 0, Interlocked.Read(ref run.BytesScanned), 0,
            run.Status == QueryStatus.Scheduled ? 0 : run.Spec.Groups.Count);

    static QueryInfo Info(QueryRun run) =>
        new("CWLI", run.Id, run.Spec.QueryString, run.Status, run.CreatedMs, run.Spec.Groups[0],
            run.EndedMs is { } ended ? ended - run.CreatedMs : null, Interlocked.Read(ref run.BytesScanned));

    static List<string> GroupsOf(StartQueryRequest r)
    {
        if (r.LogGroupName is not null)
            return [r.LogGroupName];
        if (r.LogGroupNames is not null)
            return r.LogGroupNames;
        return r.LogGroupIdentifiers?.Select(id => id.StartsWith("arn:", StringComparison.Ordinal) && id.Split(':', 7) is { Length: 7 } p && p[5] == "log-group"
            ? p[6].TrimEnd('*').TrimEnd(':')
            : id).ToList() ?? [];
    }
}
