using System.Globalization;

namespace Berth.Compose.Yaml;

/// <summary>Typed reads of <see cref="Node"/>s; a value of the wrong shape is an error at its line.</summary>
public static class Reads
{
    public static string Str(this Node n, string what) => n is ScalarNode { Value: { } v }
        ? v
        : throw n.Error($"{what}: expected a value, found {(n is ScalarNode ? "nothing" : n.Kind)}.");

    public static MapNode Map(this Node n, string what) => n as MapNode ?? throw n.Error($"{what}: expected a mapping, found {n.Kind}.");

    public static SeqNode Seq(this Node n, string what) => n as SeqNode ?? throw n.Error($"{what}: expected a list, found {n.Kind}.");

    public static bool Bool(this Node n, string what) => (n as ScalarNode)?.AsBool()
        ?? throw n.Error($"{what}: expected true or false, found {Show(n)}.");

    public static int Int(this Node n, string what, int min = int.MinValue) =>
        n is ScalarNode { Value: { } v } && int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) && i >= min
            ? i
            : throw n.Error($"{what}: {Show(n)} is not {(min == 0 ? "a whole number (0 or more)" : min > 0 ? $"a whole number of at least {min}" : "a whole number")}.");

    /// <summary>A list of values (a single value counts as a list of one when <paramref name="single"/>).</summary>
    public static List<string> Strings(this Node n, string what, bool single = false)
    {
        if (single && n is ScalarNode)
            return [n.Str(what)];
        return n.Seq(what).Items.Select(i => i.Str(what)).ToList();
    }

    /// <summary>
    /// KEY=VALUE pairs written as a mapping (<c>KEY: value</c>) or a list (<c>- KEY=value</c>); a value is null when
    /// only the name is given.
    /// </summary>
    public static List<(string Key, string? Value, Node At)> Pairs(this Node n, string what)
    {
        if (n is MapNode m)
            return m.Entries.Select(e => (e.Key, e.Value is ScalarNode s ? s.Value : throw e.Value.Error($"{what}.{e.Key}: expected a value, found {e.Value.Kind}."), e.Value)).ToList();
        return n.Seq(what).Items.Select(i =>
        {
            var text = i.Str(what);
            var eq = text.IndexOf('=');
            return eq < 0 ? (text, (string?)null, i) : (text[..eq], text[(eq + 1)..], i);
        }).ToList();
    }

    /// <summary>How a value appears in a message: quoted scalars, or its kind.</summary>
    public static string Show(Node n) => n is ScalarNode s ? s.Value is null ? "nothing" : $"\"{s.Value}\"" : n.Kind;
}
