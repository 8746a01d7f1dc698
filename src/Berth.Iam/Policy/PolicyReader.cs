using System.Text.Json;

namespace Berth.Iam.Policy;

/// <summary>A statement as written, before the checks that need the whole document (IAM reports errors in a fixed order).</summary>
internal sealed class RawStatement
{
    public string? Sid;
    public string? Effect;
    public List<string>? Action;
    public List<string>? NotAction;
    public List<string>? Resource;
    public List<string>? NotResource;
    public List<(string Type, string Value)>? Principal;
    public List<(string Type, string Value)>? NotPrincipal;
    public List<(string Operator, string Key, List<string> Values)> Conditions = [];
}

/// <summary>
/// The JSON grammar of a policy: what IAM calls "Syntax errors in policy." when broken — unknown elements, wrong
/// types, an empty Statement, Action with NotAction, unknown condition operators with keys under them.
/// </summary>
internal static class PolicyReader
{
    static readonly HashSet<string> TopElements = ["Version", "Id", "Statement"];

    static readonly HashSet<string> StatementElements =
        ["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition"];

    /// <summary>Reads the document; null when its syntax is wrong.</summary>
    public static (string? Version, string? Id, List<RawStatement> Statements)? Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return null;
        string? version = null, id = null;
        JsonElement? statement = null;
        foreach (var p in root.EnumerateObject())
        {
            if (!TopElements.Contains(p.Name))
                return null;
            switch (p.Name)
            {
                case "Version":
                    if (p.Value.ValueKind != JsonValueKind.String || p.Value.GetString() is not (PolicyDocument.Version2012 or PolicyDocument.Version2008))
                        return null;
                    version = p.Value.GetString();
                    break;
                case "Id":
                    if (p.Value.ValueKind != JsonValueKind.String)
                        return null;
                    id = p.Value.GetString();
                    break;
                default:
                    statement = p.Value;
                    break;
            }
        }
        if (statement is not { } s)
            return null;
        var elements = s.ValueKind switch
        {
            JsonValueKind.Object => [s],
            JsonValueKind.Array => s.EnumerateArray().ToList(),
            _ => [],
        };
        var statements = new List<RawStatement>();
        foreach (var e in elements)
        {
            if (ReadStatement(e) is not { } read)
                return null;
            statements.Add(read);
        }
        return statements.Count == 0 ? null : (version, id, statements);
    }

    static RawStatement? ReadStatement(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
            return null;
        var st = new RawStatement();
        foreach (var p in e.EnumerateObject())
        {
            if (!StatementElements.Contains(p.Name))
                return null;
            var ok = p.Name switch
            {
                "Sid" => ReadString(p.Value, out st.Sid),
                "Effect" => ReadString(p.Value, out st.Effect),
                "Action" => ReadStrings(p.Value, out st.Action),
                "NotAction" => ReadStrings(p.Value, out st.NotAction),
                "Resource" => ReadStrings(p.Value, out st.Resource),
                "NotResource" => ReadStrings(p.Value, out st.NotResource),
                "Principal" => ReadPrincipal(p.Value, out st.Principal),
                "NotPrincipal" => ReadPrincipal(p.Value, out st.NotPrincipal),
                _ => ReadConditions(p.Value, st.Conditions),
            };
            if (!ok)
                return null;
        }
        // Effect is checked here ignoring case; its exact case is a "legacy parsing" error, reported later.
        if (st.Effect is null || !(st.Effect.Equals("Allow", StringComparison.OrdinalIgnoreCase) || st.Effect.Equals("Deny", StringComparison.OrdinalIgnoreCase)))
            return null;
        if ((st.Action is not null && st.NotAction is not null) || (st.Resource is not null && st.NotResource is not null)
            || (st.Principal is not null && st.NotPrincipal is not null))
            return null;
        return st;
    }

    static bool ReadString(JsonElement e, out string? value)
    {
        value = e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        return value is not null;
    }

    static bool ReadStrings(JsonElement e, out List<string>? values)
    {
        values = null;
        if (e.ValueKind == JsonValueKind.String)
        {
            values = [e.GetString()!];
            return true;
        }
        if (e.ValueKind != JsonValueKind.Array)
            return false;
        values = [];
        foreach (var item in e.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                return false;
            values.Add(item.GetString()!);
        }
        return true;
    }

    /// <summary><c>"*"</c>, or an object of AWS/Service/Federated/CanonicalUser to a value or a list.</summary>
    static bool ReadPrincipal(JsonElement e, out List<(string Type, string Value)>? principal)
    {
        principal = [];
        if (e.ValueKind == JsonValueKind.String)
        {
            if (e.GetString() != "*")
                return false;
            principal.Add(("*", "*"));
            return true;
        }
        if (e.ValueKind != JsonValueKind.Object)
            return false;
        foreach (var p in e.EnumerateObject())
        {
            if (!ReadStrings(p.Value, out var values))
                return false;
            foreach (var v in values!)
                principal.Add((p.Name, v));
        }
        return true;
    }

    /// <summary>Condition: operator → key → value or list of values (strings, numbers or booleans, kept as written).</summary>
    static bool ReadConditions(JsonElement e, List<(string, string, List<string>)> conditions)
    {
        if (e.ValueKind != JsonValueKind.Object)
            return false;
        foreach (var op in e.EnumerateObject())
        {
            if (op.Value.ValueKind != JsonValueKind.Object)
                return false;
            var known = ConditionOperator.Parse(op.Name) is not null;
            foreach (var key in op.Value.EnumerateObject())
            {
                if (!known)
                    return false;
                var values = new List<string>();
                if (key.Value.ValueKind == JsonValueKind.Array)
                {
                    foreach (var v in key.Value.EnumerateArray())
                    {
                        if (Scalar(v) is not { } s)
                            return false;
                        values.Add(s);
                    }
                }
                else if (Scalar(key.Value) is { } one)
                {
                    values.Add(one);
                }
                else
                {
                    return false;
                }
                conditions.Add((op.Name, key.Name, values));
            }
        }
        return true;
    }

    static string? Scalar(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };
}
