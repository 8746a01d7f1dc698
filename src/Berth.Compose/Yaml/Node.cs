using System.Globalization;

namespace Berth.Compose.Yaml;

/// <summary>A YAML value that remembers where it was written, so every error can name its file and line.</summary>
public abstract record Node(string File, int Line)
{
    public ComposeException Error(string detail) => new(File, Line, detail);

    /// <summary>What the node is, for messages like "ports: expected a list, found a mapping".</summary>
    public abstract string Kind { get; }
}

/// <summary>A scalar; <see cref="Value"/> is null for YAML's null (<c>~</c>, <c>null</c> or nothing).</summary>
public sealed record ScalarNode(string File, int Line, string? Value, bool Quoted) : Node(File, Line)
{
    public override string Kind => "a value";

    public string Text => Value ?? "";

    public bool? AsBool() => Quoted ? null : Value?.ToLowerInvariant() switch
    {
        "true" or "yes" or "on" => true,
        "false" or "no" or "off" => false,
        _ => null,
    };

    public bool IsNumber => double.TryParse(Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}

public sealed record SeqNode(string File, int Line, List<Node> Items) : Node(File, Line)
{
    public override string Kind => "a list";
}

/// <summary>A mapping, in the order it was written.</summary>
public sealed record MapNode(string File, int Line, List<KeyValuePair<string, Node>> Entries) : Node(File, Line)
{
    public override string Kind => "a mapping";

    public Node? this[string key] => Entries.LastOrDefault(e => e.Key == key).Value;

    public IEnumerable<string> Keys => Entries.Select(e => e.Key).Distinct();
}
