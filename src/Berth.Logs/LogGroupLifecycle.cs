using Berth.Kernel;
using Berth.Logs.MetricFilters;
using Berth.Logs.Retention;
using Berth.Logs.Tags;

namespace Berth.Logs;

/// <summary>
/// What a log group carries beside its events — tags, retention, metric filters — kept right as groups come and go:
/// CreateLogGroup's options (tags; no KMS key, class STANDARD only), a deleted group's tags and filters, the filter
/// count DescribeLogGroups shows, and the controllers told when there is work.
/// </summary>
public sealed class LogGroupLifecycle(
    LogService logs, ILogStore store, LogGroupTags tags, MetricFilterService filters, RetentionController retention, MetricFilterPublisher publisher)
{
    public async Task CreateAsync(string? name, IDictionary<string, string>? tagMap, string? kmsKeyId, string? logGroupClass, bool? deletionProtection, CancellationToken ct)
    {
        LogNames.RequireGroupName(name);
        if (kmsKeyId is not null)
            throw AwsException.InvalidParameter("kmsKeyId is not supported: Berth has no KMS keys to encrypt a log group with (its events are kept in Berth's data directory).");
        if (logGroupClass is not (null or "STANDARD"))
        {
            throw AwsException.InvalidParameter(logGroupClass is "INFREQUENT_ACCESS" or "DELIVERY"
                ? $"logGroupClass {logGroupClass} is not supported by Berth: log groups are STANDARD."
                : $"Invalid logGroupClass '{logGroupClass}': one of STANDARD, INFREQUENT_ACCESS, DELIVERY.");
        }
        if (deletionProtection == true)
            throw AwsException.InvalidParameter("deletionProtectionEnabled is not supported by Berth: a log group can always be deleted.");
        if (tagMap is not null)
            LogGroupTags.Validate(tagMap);
        await logs.CreateGroupAsync(name, ct);
        if (tagMap is not null)
            await tags.TagAsync(name!, tagMap, "InvalidParameterException", ct);
    }

    public async Task DeleteAsync(string? name, CancellationToken ct)
    {
        await logs.DeleteGroupAsync(name, ct);
        await tags.ForgetAsync(name!, ct);
        await filters.ForgetGroupAsync(name!, ct);
    }

    public async Task<(List<LogGroup> Groups, string? NextToken)> DescribeAsync(string? prefix, string? nextToken, int? limit, CancellationToken ct)
    {
        var (groups, next) = await logs.DescribeGroupsAsync(prefix, nextToken, limit, ct);
        foreach (var g in groups)
            g.MetricFilterCount = await filters.CountAsync(g.LogGroupName!, ct);
        return (groups, next);
    }

    public async Task PutRetentionAsync(string? group, int? days, CancellationToken ct)
    {
        var d = RetentionDays.Validate(days);
        if (!await store.SetRetentionAsync(RequireName(group), d, ct))
            throw NotFound();
        retention.Notify();
    }

    public async Task DeleteRetentionAsync(string? group, CancellationToken ct)
    {
        if (!await store.SetRetentionAsync(RequireName(group), null, ct))
            throw NotFound();
    }

    public async Task DeleteStreamAsync(string? group, string? stream, CancellationToken ct)
    {
        var g = RequireName(group);
        if (!LogNames.IsValidStreamName(stream))
            throw AwsException.InvalidParameter("logStreamName must be 1 to 512 characters and contain no ':' or '*'.");
        if (await store.GetGroupAsync(g, ct) is null)
            throw NotFound();
        if (!await store.DeleteStreamAsync(g, stream!, ct))
            throw AwsException.ResourceNotFound("The specified log stream does not exist.");
    }

    /// <summary>Events arrived: metric filters look at them now rather than at their next interval.</summary>
    public void EventsArrived() => publisher.Notify();

    public void FiltersChanged() => publisher.Notify();

    static string RequireName(string? group) => LogNames.RequireGroupName(group);

    static AwsException NotFound() => AwsException.ResourceNotFound("The specified log group does not exist.");
}
