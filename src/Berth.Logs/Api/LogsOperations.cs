using Berth.Kernel;
using Berth.Kernel.Protocol;

namespace Berth.Logs.Api;

/// <summary>The CloudWatch Logs subset tasks need: groups, streams, reading and filtering events.</summary>
public static class LogsOperations
{
    public const string Prefix = "Logs_20140328";

    public static readonly AwsService Service = new() { SigningName = "logs", JsonTargetPrefix = Prefix };

    public static void Register(ServiceOperations ops, LogService logs, LogGroupLifecycle groups, LogsAccess a)
    {
        var j = LogsJson.Default;
        ops.Add("CreateLogGroup", j.LogGroupRequest, j.NoContent, async (r, ct) =>
        {
            await groups.CreateAsync(r.LogGroupName, r.Tags, r.KmsKeyId, r.LogGroupClass, r.DeletionProtectionEnabled, ct);
            return new NoContent();
        }, access: r => a.Group("CreateLogGroup", Group(r)));
        ops.Add("DeleteLogGroup", j.LogGroupRequest, j.NoContent, async (r, ct) =>
        {
            await groups.DeleteAsync(r.LogGroupName, ct);
            return new NoContent();
        }, access: r => a.Group("DeleteLogGroup", Group(r)));
        ops.Add("DescribeLogGroups", j.LogGroupRequest, j.DescribeLogGroupsResponse, async (r, ct) =>
        {
            var (list, next) = await groups.DescribeAsync(r.LogGroupNamePrefix, r.NextToken, r.Limit, ct);
            return new DescribeLogGroupsResponse(list, next);
        });
        ops.Add("CreateLogStream", j.LogGroupRequest, j.NoContent, async (r, ct) =>
        {
            await logs.CreateStreamAsync(r.LogGroupName, r.LogStreamName, ct);
            return new NoContent();
        }, access: r => a.Stream("CreateLogStream", Group(r), r.LogStreamName));
        ops.Add("DescribeLogStreams", j.LogGroupRequest, j.DescribeLogStreamsResponse, async (r, ct) =>
        {
            var (streams, next) = await logs.DescribeStreamsAsync(Group(r), r.LogStreamNamePrefix, r.OrderBy, r.Descending ?? false, r.NextToken, r.Limit, ct);
            return new DescribeLogStreamsResponse(streams, next);
        }, access: r => a.Group("DescribeLogStreams", Group(r)));
        ops.Add("PutLogEvents", j.LogGroupRequest, j.PutLogEventsResponse, async (r, ct) =>
        {
            var events = r.LogEvents?.Select(e => new InputLogEvent(
                e.Timestamp ?? throw AwsException.InvalidParameter("Every log event needs a timestamp."),
                e.Message ?? throw AwsException.InvalidParameter("Every log event needs a message."))).ToList();
            await logs.PutEventsAsync(r.LogGroupName, r.LogStreamName, events, ct);
            groups.EventsArrived();
            return new PutLogEventsResponse(Guid.NewGuid().ToString("N"));
        }, access: r => a.Stream("PutLogEvents", Group(r), r.LogStreamName));
        ops.Add("GetLogEvents", j.LogGroupRequest, j.GetLogEventsResponse, async (r, ct) =>
        {
            var (events, fwd, back) = await logs.GetEventsAsync(Group(r), r.LogStreamName, r.StartTime, r.EndTime, r.NextToken, r.Limit, r.StartFromHead, ct);
            return new GetLogEventsResponse(events.Select(e => new OutputLogEvent(e.Timestamp, e.Message, e.IngestionTime)).ToList(), fwd, back);
        }, access: r => a.Stream("GetLogEvents", Group(r), r.LogStreamName));
        ops.Add("FilterLogEvents", j.LogGroupRequest, j.FilterLogEventsResponse, async (r, ct) =>
        {
            var (events, streams, next) = await logs.FilterEventsAsync(Group(r), r.LogStreamNames, r.LogStreamNamePrefix, r.StartTime, r.EndTime, r.FilterPattern, r.NextToken, r.Limit, ct);
            return new FilterLogEventsResponse(
                events.Select(e => new FilteredLogEvent(e.Stream, e.Timestamp, e.Message, e.IngestionTime, e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList(),
                streams.Select(s => new SearchedLogStream(s, true)).ToList(),
                next);
        }, access: r => a.Group("FilterLogEvents", Group(r)));
    }

    /// <summary>Either the name or the identifier (name or ARN) names the group.</summary>
    static string? Group(LogGroupRequest r)
    {
        var id = r.LogGroupName ?? r.LogGroupIdentifier;
        if (id is not null && id.StartsWith("arn:", StringComparison.Ordinal))
        {
            var parts = id.Split(':');
            return parts.Length >= 7 && parts[5] == "log-group" ? parts[6] : id;
        }
        return id;
    }
}
