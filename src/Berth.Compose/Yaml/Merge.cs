namespace Berth.Compose.Yaml;

/// <summary>
/// Several compose files (<c>-f a.yml -f b.yml</c>) as one: mappings merge key by key, later values win;
/// lists are appended (ports, dns, env_file...) except those that are one command, which the later file replaces.
/// </summary>
public static class Merge
{
    static readonly HashSet<string> Replaced = ["command", "entrypoint", "test", "subnets", "security_groups"];

    public static Node Files(Node first, Node second) => Merged(first, second, "");

    static Node Merged(Node a, Node b, string key)
    {
        if (a is MapNode ma && b is MapNode mb)
        {
            var entries = ma.Entries.Select(e => mb[e.Key] is { } later ? new KeyValuePair<string, Node>(e.Key, Merged(e.Value, later, e.Key)) : e).ToList();
            entries.AddRange(mb.Entries.Where(e => ma[e.Key] is null));
            return ma with { Entries = entries };
        }
        if (a is SeqNode sa && b is SeqNode sb && !Replaced.Contains(key))
            return sb with { Items = [.. sa.Items, .. sb.Items] };
        return b;
    }
}
