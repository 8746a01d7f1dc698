namespace Berth.Logs.Insights;

/// <summary>
/// One row flowing through a query: a log event (its built-in and discovered fields, read lazily) with the fields
/// commands set on top; or, after <c>stats</c>, just the fields a group produced.
/// </summary>
public sealed class QueryRow
{
    readonly LogEvent? _event;
    readonly string? _group;
    readonly string? _account;
    Dictionary<string, string>? _json;
    bool _jsonRead;
    Dictionary<string, QueryValue>? _set;

    public QueryRow(LogEvent e, string group, string account)
    {
        _event = e;
        _group = group;
        _account = account;
    }

    QueryRow(Dictionary<string, QueryValue> values) => _set = values;

    public static QueryRow Aggregated(Dictionary<string, QueryValue> values) => new(values);

    public LogEvent? Event => _event;

    public long? Timestamp => _event?.Timestamp ?? (_set?.GetValueOrDefault("@timestamp") is { Kind: ValueKind.Time } t ? (long)t.Number : null);

    public string? Pointer => _event is null ? null : new LogPointer(_group!, _event.Timestamp, _event.Id).Encode();

    public bool Has(string name) => _set?.ContainsKey(name) ?? false;

    public void Set(string name, QueryValue value) => (_set ??= new(StringComparer.Ordinal))[name] = value;

    public QueryValue Get(string name)
    {
        if (_set is not null && _set.TryGetValue(name, out var v))
            return v;
        if (_event is null)
            return QueryValue.Null;
        switch (name)
        {
            case "@timestamp":
                return QueryValue.Time(_event.Timestamp);
            case "@ingestionTime":
                return QueryValue.Time(_event.IngestionTime);
            case "@message":
                return QueryValue.Of(_event.Message);
            case "@logStream":
                return QueryValue.Of(_event.Stream);
            case "@log":
                return QueryValue.Of($"{_account}:{_group}");
            case "@ptr":
                return QueryValue.Of(Pointer);
        }
        if (!_jsonRead)
        {
            _json = JsonFields.Discover(_event.Message);
            _jsonRead = true;
        }
        return _json is not null && _json.TryGetValue(name, out var s) ? QueryValue.Of(s) : QueryValue.Null;
    }

    /// <summary>Every field of the event as GetLogRecord returns it: built-ins (times in epoch milliseconds) and discovered fields.</summary>
    public Dictionary<string, string> Record()
    {
        var e = _event ?? throw new InvalidOperationException("An aggregated row has no record.");
        var record = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["@timestamp"] = e.Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["@ingestionTime"] = e.IngestionTime.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["@message"] = e.Message,
            ["@logStream"] = e.Stream,
            ["@log"] = $"{_account}:{_group}",
        };
        foreach (var (k, v) in JsonFields.Discover(e.Message) ?? [])
            record.TryAdd(k, v);
        return record;
    }

    /// <summary>Approximate size for the memory bound of sort and stats.</summary>
    public long Bytes => (_event?.Message.Length ?? 0) * 2L + 64 + (_set?.Count ?? 0) * 48L;
}
