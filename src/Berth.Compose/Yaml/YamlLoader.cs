using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Berth.Compose.Yaml;

/// <summary>Reads a YAML document (anchors, aliases and <c>&lt;&lt;</c> merge keys included) into <see cref="Node"/>s.</summary>
public static class YamlLoader
{
    /// <summary>The document's root; <paramref name="scalar"/> rewrites every scalar value (for interpolation).</summary>
    public static Node Load(string file, string text, Func<ScalarNode, ScalarNode>? scalar = null)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new MergingParser(new Parser(new StringReader(text))));
        }
        catch (YamlException e)
        {
            throw new ComposeException(file, (int)e.Start.Line, "not valid YAML: " + Describe(e));
        }
        if (stream.Documents.Count == 0)
            throw new ComposeException(file, 0, "the file is empty.");
        return Convert(file, stream.Documents[0].RootNode, scalar ?? (s => s));
    }

    static string Describe(YamlException e)
    {
        var inner = e.InnerException as YamlException;
        var message = (inner ?? e).Message;
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (...): "; the line is already in front of the message.
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 ? message[(cut + 3)..] : message;
    }

    static Node Convert(string file, YamlNode node, Func<ScalarNode, ScalarNode> scalar)
    {
        var line = (int)node.Start.Line;
        switch (node)
        {
            case YamlScalarNode s:
                var plain = s.Style == YamlDotNet.Core.ScalarStyle.Plain;
                var isNull = plain && (s.Value is null or "" or "~" or "null" or "Null" or "NULL");
                return scalar(new ScalarNode(file, line, isNull ? null : s.Value, !plain));
            case YamlSequenceNode q:
                return new SeqNode(file, line, q.Children.Select(c => Convert(file, c, scalar)).ToList());
            case YamlMappingNode m:
                var entries = new List<KeyValuePair<string, Node>>();
                foreach (var (k, v) in m.Children)
                {
                    if (k is not YamlScalarNode key)
                        throw new ComposeException(file, (int)k.Start.Line, "a mapping key must be a plain value.");
                    entries.Add(new(key.Value ?? "", Convert(file, v, scalar)));
                }
                return new MapNode(file, line, entries);
            default:
                throw new ComposeException(file, line, "unexpected YAML node.");
        }
    }
}
