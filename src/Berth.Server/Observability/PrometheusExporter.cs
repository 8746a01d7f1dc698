using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Berth.Server.Observability;

/// <summary>
/// Collects every instrument of the meters whose name starts with <c>Berth</c> and writes them in the
/// Prometheus text exposition format (0.0.4): counters as <c>_total</c>, histograms as cumulative
/// <c>_bucket</c>/<c>_sum</c>/<c>_count</c>, gauges as their last observed value. Small on purpose: the
/// Prometheus exporter packages are not served here, and the format is a few lines.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    static readonly double[] Bounds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
    readonly MeterListener _listener = new();
    readonly Dictionary<Instrument, Family> _families = [];
    readonly object _gate = new();

    public PrometheusExporter(string meterPrefix = "Berth")
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!instrument.Meter.Name.StartsWith(meterPrefix, StringComparison.Ordinal))
                return;
            lock (_gate)
                _families[instrument] = new Family(instrument, KindOf(instrument));
            listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    enum Kind { Counter, Gauge, Histogram }

    static Kind KindOf(Instrument i)
    {
        var t = i.GetType().IsGenericType ? i.GetType().GetGenericTypeDefinition() : i.GetType();
        if (t == typeof(Histogram<>))
            return Kind.Histogram;
        return t == typeof(Counter<>) || t == typeof(ObservableCounter<>) ? Kind.Counter : Kind.Gauge;
    }

    void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        Family? family;
        lock (_gate)
            _families.TryGetValue(instrument, out family);
        family?.Record(value, Labels(tags), instrument.IsObservable);
    }

    /// <summary>The current values of every instrument, in the text format.</summary>
    public string Scrape()
    {
        List<Family> families;
        lock (_gate)
            families = [.. _families.Values];
        foreach (var f in families.Where(f => f.Instrument.IsObservable))
            f.ClearObserved();
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var f in families.OrderBy(f => f.Name, StringComparer.Ordinal))
            f.Write(text);
        return text.ToString();
    }

    static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
            return "";
        var pairs = new List<string>(tags.Length);
        foreach (var (k, v) in tags)
            pairs.Add($"{Sanitize(k)}=\"{Escape(Convert.ToString(v, CultureInfo.InvariantCulture) ?? "")}\"");
        pairs.Sort(StringComparer.Ordinal);
        return string.Join(',', pairs);
    }

    static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    static string Sanitize(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_').ToArray();
        return char.IsAsciiDigit(chars[0]) ? "_" + new string(chars) : new string(chars);
    }

    static string Number(double v) =>
        double.IsPositiveInfinity(v) ? "+Inf" : double.IsNegativeInfinity(v) ? "-Inf" : v.ToString("R", CultureInfo.InvariantCulture);

    public void Dispose() => _listener.Dispose();

    /// <summary>One instrument: its series by label set.</summary>
    sealed class Family(Instrument instrument, Kind kind)
    {
        readonly Dictionary<string, Series> _series = [];

        public Instrument Instrument { get; } = instrument;

        public string Name { get; } = Sanitize(instrument.Name) + (instrument.Unit == "s" ? "_seconds" : "") + (kind == Kind.Counter ? "_total" : "");

        public void Record(double value, string labels, bool observed)
        {
            lock (_series)
            {
                if (!_series.TryGetValue(labels, out var s))
                    _series[labels] = s = new Series();
                if (kind == Kind.Histogram)
                {
                    s.Sum += value;
                    s.Count++;
                    for (var i = 0; i < Bounds.Length; i++)
                    {
                        if (value <= Bounds[i])
                            s.Buckets[i]++;
                    }
                }
                else if (observed || kind == Kind.Gauge)
                    s.Value = observed ? value : s.Value + value; // observable: the value itself; up-down counters add
                else
                    s.Value += value;
            }
        }

        public void ClearObserved()
        {
            lock (_series)
                _series.Clear();
        }

        public void Write(StringBuilder text)
        {
            lock (_series)
            {
                if (_series.Count == 0)
                    return;
                text.Append("# HELP ").Append(Name).Append(' ').Append(Escape(Instrument.Description ?? Instrument.Name)).Append('\n');
                text.Append("# TYPE ").Append(Name).Append(' ').Append(kind switch { Kind.Counter => "counter", Kind.Histogram => "histogram", _ => "gauge" }).Append('\n');
                foreach (var (labels, s) in _series.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (kind != Kind.Histogram)
                    {
                        text.Append(Name).Append(Braces(labels)).Append(' ').Append(Number(s.Value)).Append('\n');
                        continue;
                    }
                    for (var i = 0; i < Bounds.Length; i++)
                        text.Append(Name).Append("_bucket").Append(Braces(Join(labels, $"le=\"{Number(Bounds[i])}\""))).Append(' ').Append(s.Buckets[i]).Append('\n');
                    text.Append(Name).Append("_bucket").Append(Braces(Join(labels, "le=\"+Inf\""))).Append(' ').Append(s.Count).Append('\n');
                    text.Append(Name).Append("_sum").Append(Braces(labels)).Append(' ').Append(Number(s.Sum)).Append('\n');
                    text.Append(Name).Append("_count").Append(Braces(labels)).Append(' ').Append(s.Count).Append('\n');
                }
            }
        }

        static string Join(string labels, string extra) => labels.Length == 0 ? extra : labels + "," + extra;

        static string Braces(string labels) => labels.Length == 0 ? "" : "{" + labels + "}";
    }

    sealed class Series
    {
        public double Value;
        public double Sum;
        public long Count;
        public readonly long[] Buckets = new long[Bounds.Length];
    }
}
