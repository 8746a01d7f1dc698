using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Berth.Runtime.Docker.Engine;

/// <summary>Builds a relative request URI with an escaped query string.</summary>
internal sealed class Query
{
    private readonly StringBuilder _builder;
    private bool _hasQuery;

    public Query(string path)
    {
        _builder = new StringBuilder(path);
    }

    public Query Add(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }

        _builder.Append(_hasQuery ? '&' : '?')
            .Append(Uri.EscapeDataString(name))
            .Append('=')
            .Append(Uri.EscapeDataString(value));
        _hasQuery = true;
        return this;
    }

    public Query Add(string name, bool value) => Add(name, value ? "1" : "0");

    public Query Add(string name, long value) => Add(name, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds <c>filters</c> as the JSON map the engine expects; nothing when empty.</summary>
    public Query AddFilters(IDictionary<string, string[]>? filters)
    {
        if (filters is null || filters.Count == 0)
        {
            return this;
        }

        var map = new Dictionary<string, string[]>(filters);
        return Add("filters", JsonSerializer.Serialize(map, EngineJsonContext.Default.DictionaryStringStringArray));
    }

    public override string ToString() => _builder.ToString();

    public static implicit operator string(Query query) => query.ToString();

    /// <summary>Escapes one path segment (a container ID, a network name, an image reference).</summary>
    public static string Segment(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        // Image references legitimately contain '/', which the engine's router accepts unescaped.
        return Uri.EscapeDataString(value).Replace("%2F", "/", StringComparison.Ordinal);
    }

    /// <summary>A time as the engine's fractional unix timestamp, <c>seconds.nanoseconds</c>.</summary>
    public static string UnixTime(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds -= 1;
            remainder += TimeSpan.TicksPerSecond;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{seconds}.{remainder * 100:D9}");
    }
}
