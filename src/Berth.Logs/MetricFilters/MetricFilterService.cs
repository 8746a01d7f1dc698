using System.Globalization;
using Berth.CloudWatch;
using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.Logs.Patterns;

namespace Berth.Logs.MetricFilters;

/// <summary>PutMetricFilter, DescribeMetricFilters, DeleteMetricFilter and TestMetricFilter, checked as CloudWatch Logs checks them.</summary>
public sealed class MetricFilterService(IStateStore state, ILogStore logs, TimeProvider clock)
{
    public const int MaxPerGroup = 100;
    public const int MaxDimensions = 3;

    public async Task PutAsync(MetricFilterDefinition r, CancellationToken ct)
    {
        var group = await RequireGroupAsync(r.LogGroupName, ct);
        var name = FilterName(r.FilterName);
        if (r.FilterPattern is null)
            throw AwsException.InvalidParameter("filterPattern is required.");
        var pattern = FilterPattern.Parse(r.FilterPattern);
        if (r.ApplyOnTransformedLogs == true)
            throw AwsException.InvalidParameter("applyOnTransformedLogs: Berth has no log transformers, so a metric filter can only read the events as ingested.");
        if (!string.IsNullOrEmpty(r.FieldSelectionCriteria))
            throw AwsException.InvalidParameter("fieldSelectionCriteria applies to transformed logs, which Berth does not have.");
        if (r.EmitSystemFieldDimensions is { Count: > 0 })
            throw AwsException.InvalidParameter("emitSystemFieldDimensions is not supported by Berth: give dimensions from the events' fields.");
        if (r.MetricTransformations is not { Count: 1 } ts || ts[0] is not { } t)
            throw AwsException.InvalidParameter("metricTransformations must hold exactly one metric transformation.");
        var transformation = Transformation(t, pattern);

        var id = StoredMetricFilter.Key(group, name);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        for (var attempt = 0; ; attempt++)
        {
            var existing = await state.GetAsync(MetricFilterKinds.Filters, id, ct);
            var filter = new MetricFilter
            {
                FilterName = name,
                FilterPattern = r.FilterPattern,
                MetricTransformations = [transformation],
                CreationTime = existing?.Value.Filter.CreationTime ?? now,
                LogGroupName = group,
                ApplyOnTransformedLogs = false,
            };
            try
            {
                if (existing is null)
                {
                    if (await state.CountAsync(MetricFilterKinds.Filters, new StoreQuery { Scope = group }, ct) >= MaxPerGroup)
                        throw new AwsException("LimitExceededException", $"Resource limit exceeded: a log group can have at most {MaxPerGroup} metric filters.");
                    // A filter publishes the events ingested after it was made, as in CloudWatch Logs.
                    var from = await logs.LastEventIdAsync(ct);
                    await state.CommitAsync(StoreWrite.Insert(MetricFilterKinds.Filters, new StoredMetricFilter { Filter = filter, PublishedThrough = from }), ct);
                }
                else
                {
                    await state.CommitAsync(StoreWrite.Update(MetricFilterKinds.Filters, existing.Value with { Filter = filter }, existing.Version), ct);
                }
                break;
            }
            catch (ConcurrencyConflictException) when (attempt < 10)
            {
                // Someone else wrote it first: read again.
            }
        }
    }

    public async Task<(List<MetricFilter> Filters, string? NextToken)> DescribeAsync(
        string? group, string? prefix, string? metricName, string? metricNamespace, string? nextToken, int? limit, CancellationToken ct)
    {
        // Without logGroupName AWS documents the prefix as unused; Berth applies it across groups rather than ignore it.
        if ((metricName is null) != (metricNamespace is null))
            throw AwsException.InvalidParameter("metricName and metricNamespace must be given together.");
        if (prefix is not null)
            FilterName(prefix, "filterNamePrefix");
        if (group is not null)
            await RequireGroupAsync(group, ct);
        var n = Paging.Limit(limit, 50, 50, "limit");
        var listing = $"metric-filters|{group}|{prefix}|{metricName}|{metricNamespace}";
        var offset = Paging.Decode(nextToken, listing);
        var all = await state.ListAsync(MetricFilterKinds.Filters, new StoreQuery { Scope = group, NamePrefix = prefix }, ct);
        var matching = all.Select(s => s.Value.Filter)
            .Where(f => metricName is null || f.MetricTransformations!.Any(t => t.MetricName == metricName && t.MetricNamespace == metricNamespace))
            .OrderBy(f => f.LogGroupName, StringComparer.Ordinal).ThenBy(f => f.FilterName, StringComparer.Ordinal)
            .ToList();
        var page = matching.Skip(offset).Take(n).ToList();
        return (page, offset + page.Count < matching.Count ? Paging.Encode(offset + page.Count, page.Count, n, listing) : null);
    }

    public async Task DeleteAsync(string? group, string? name, CancellationToken ct)
    {
        var g = await RequireGroupAsync(group, ct);
        var id = StoredMetricFilter.Key(g, FilterName(name));
        var stored = await state.GetAsync(MetricFilterKinds.Filters, id, ct) ?? throw AwsException.ResourceNotFound("The specified metric filter does not exist.");
        await state.CommitAsync(StoreWrite.Delete(MetricFilterKinds.Filters, id, stored.Version), ct);
    }

    /// <summary>The filters of a deleted group go with it.</summary>
    public async Task ForgetGroupAsync(string group, CancellationToken ct)
    {
        foreach (var f in await state.ListAsync(MetricFilterKinds.Filters, new StoreQuery { Scope = group }, ct))
        {
            try
            {
                await state.CommitAsync(StoreWrite.Delete(MetricFilterKinds.Filters, f.Value.Id, f.Version), ct);
            }
            catch (ConcurrencyConflictException)
            {
                // The publisher moved it on; it goes on the next delete of the name, and publishes nothing without its group.
            }
        }
    }

    public Task<int> CountAsync(string group, CancellationToken ct) =>
        state.CountAsync(MetricFilterKinds.Filters, new StoreQuery { Scope = group }, ct);

    public static List<(int EventNumber, string Message, IReadOnlyDictionary<string, string> Extracted)> Test(string? filterPattern, IReadOnlyList<string?>? messages)
    {
        if (filterPattern is null)
            throw AwsException.InvalidParameter("filterPattern is required.");
        if (messages is not { Count: > 0 and <= 50 })
            throw AwsException.InvalidParameter("logEventMessages must hold between 1 and 50 messages.");
        if (messages.Any(string.IsNullOrEmpty))
            throw AwsException.InvalidParameter("Every message in logEventMessages must be at least 1 character long.");
        var pattern = FilterPattern.Parse(filterPattern);
        var matches = new List<(int, string, IReadOnlyDictionary<string, string>)>();
        for (var i = 0; i < messages.Count; i++)
        {
            if (pattern.Match(messages[i]!) is { } m)
                matches.Add((i + 1, messages[i]!, m.Extracted));
        }
        return matches;
    }

    static MetricTransformation Transformation(MetricTransformation t, FilterPattern pattern)
    {
        var metricName = MetricText(t.MetricName, "metricName");
        var metricNamespace = MetricText(t.MetricNamespace, "metricNamespace");
        if (string.IsNullOrEmpty(t.MetricValue) || t.MetricValue.Length > 100)
            throw AwsException.InvalidParameter("metricValue is required: a number, or a field of the pattern ($.path for JSON patterns, $name for space-delimited ones), up to 100 characters.");
        if (!t.MetricValue.StartsWith('$') && !double.TryParse(t.MetricValue, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            throw AwsException.InvalidParameter($"Invalid metricValue '{t.MetricValue}': a number, or a field of the pattern ($.path or $name).");
        if (t.MetricValue.StartsWith('$'))
            Reference(t.MetricValue, pattern, "metricValue");
        if (t.DefaultValue is { } d && !double.IsFinite(d))
            throw AwsException.InvalidParameter("defaultValue must be a finite number.");
        if (t.Dimensions is { Count: > 0 } dims)
        {
            if (t.DefaultValue is not null)
                throw AwsException.InvalidParameter("A metric transformation with dimensions cannot have a defaultValue.");
            if (dims.Count > MaxDimensions)
                throw AwsException.InvalidParameter($"A metric transformation can have at most {MaxDimensions} dimensions.");
            foreach (var (key, value) in dims)
            {
                if (key.Length is 0 or > 255)
                    throw AwsException.InvalidParameter($"Invalid dimension name '{key}': 1 to 255 characters.");
                if (value is null || value.Length > 255 || !value.StartsWith('$'))
                    throw AwsException.InvalidParameter($"Invalid value '{value}' for dimension '{key}': a dimension's value is a field of the pattern ($.path or $name).");
                Reference(value, pattern, $"dimension '{key}'");
            }
        }
        if (t.Unit is not null && !MetricValidation.Units.Contains(t.Unit))
            throw AwsException.InvalidParameter($"Invalid unit '{t.Unit}': one of {string.Join(", ", MetricValidation.Units)}.");
        return new MetricTransformation
        {
            MetricName = metricName,
            MetricNamespace = metricNamespace,
            MetricValue = t.MetricValue,
            DefaultValue = t.DefaultValue,
            Dimensions = t.Dimensions is { Count: > 0 } ? new Dictionary<string, string>(t.Dimensions, StringComparer.Ordinal) : null,
            Unit = t.Unit,
        };
    }

    /// <summary>A <c>$</c> reference must name what the pattern provides: <c>$.path</c> in a JSON pattern, a named field in a space-delimited one.</summary>
    static void Reference(string reference, FilterPattern pattern, string what)
    {
        var ok = pattern.Kind switch
        {
            PatternKind.Json => JsonSelector.TryParse(reference, out _),
            PatternKind.SpaceDelimited => pattern.Fields.Contains(reference),
            _ => false,
        };
        if (!ok)
        {
            throw AwsException.InvalidParameter(pattern.Kind switch
            {
                PatternKind.Json => $"Invalid {what} '{reference}': a JSON pattern's fields are selectors such as $.latency.",
                PatternKind.SpaceDelimited => $"Invalid {what} '{reference}': it names no field of the pattern (fields: {string.Join(", ", pattern.Fields)}).",
                _ => $"Invalid {what} '{reference}': a term pattern has no fields; use a JSON or space-delimited pattern, or a number.",
            });
        }
    }

    static string MetricText(string? value, string name)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 255 || value.IndexOfAny([':', '*', '$']) >= 0)
            throw AwsException.InvalidParameter($"{name} must be 1 to 255 characters without ':', '*' or '$'.");
        return value;
    }

    static string FilterName(string? name, string what = "filterName")
    {
        if (string.IsNullOrEmpty(name) || name.Length > 512)
            throw Constraint(name, what, "Minimum length of 1. Maximum length of 512.");
        if (name.IndexOfAny([':', '*']) >= 0)
            throw Constraint(name, what, "Must match pattern: [^:*]*");
        return name;
    }

    /// <summary>AWS's wording for a parameter outside its model constraint.</summary>
    static AwsException Constraint(string? value, string name, string constraint) =>
        AwsException.InvalidParameter($"1 validation error detected: Value '{value}' at '{name}' failed to satisfy constraint: {constraint}");

    async Task<string> RequireGroupAsync(string? group, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(group) || group.Length > 512)
            throw Constraint(group, "logGroupName", "Minimum length of 1. Maximum length of 512.");
        if (!LogNames.IsValidGroupName(group))
            throw Constraint(group, "logGroupName", @"Must match pattern: [\.\-_/#A-Za-z0-9]+");
        if (await logs.GetGroupAsync(group, ct) is null)
            throw AwsException.ResourceNotFound("The specified log group does not exist.");
        return group;
    }
}

/// <summary>PutMetricFilter's request.</summary>
public sealed record MetricFilterDefinition
{
    public string? LogGroupName { get; set; }
    public string? FilterName { get; set; }
    public string? FilterPattern { get; set; }
    public List<MetricTransformation>? MetricTransformations { get; set; }
    public bool? ApplyOnTransformedLogs { get; set; }
    public string? FieldSelectionCriteria { get; set; }
    public List<string>? EmitSystemFieldDimensions { get; set; }
}
