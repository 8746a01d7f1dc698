using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Berth.Kernel.Protocol;

/// <summary>
/// The Query protocol's codec, driven by an operation's JSON contracts (the member names are the model's): parameters
/// such as <c>MetricData.member.1.Dimensions.member.2.Name</c> are read into the request, and the response is written as
/// the XML botocore parses — structures as elements, lists as <c>&lt;member&gt;</c>, maps as <c>&lt;entry&gt;</c> with
/// <c>key</c> and <c>value</c>, timestamps in ISO 8601. One definition of an operation thus serves JSON and Query alike.
/// </summary>
public static class QueryCodec
{
    const int MaxListIndex = 1000;

    /// <summary>Reads the request; a parameter of the wrong type is refused with <paramref name="invalidCode"/>.</summary>
    public static object Read(IReadOnlyDictionary<string, string> parameters, JsonTypeInfo contract, string invalidCode)
    {
        var root = ParameterTree.Build(parameters);
        var node = new Reader(invalidCode).Structure(contract, root, "") ?? new JsonObject();
        return JsonSerializer.Deserialize(node, contract) ?? throw new AwsException(invalidCode, "The request has no parameters.");
    }

    /// <summary>Writes the response's members inside the operation's <c>&lt;ActionResult&gt;</c>.</summary>
    public static void Write(QueryXmlWriter w, object? response, JsonTypeInfo contract)
    {
        if (JsonSerializer.SerializeToNode(response, contract) is JsonObject members)
            Members(w, members, contract);
    }

    static void Members(QueryXmlWriter w, JsonObject members, JsonTypeInfo contract)
    {
        var byName = contract.Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var (name, value) in members)
        {
            if (value is not null && byName.TryGetValue(name, out var member))
                Value(w, name, value, contract.Options.GetTypeInfo(member.PropertyType));
        }
    }

    static void Value(QueryXmlWriter w, string name, JsonNode value, JsonTypeInfo contract)
    {
        switch (contract.Kind)
        {
            case JsonTypeInfoKind.Object when value is JsonObject o:
                w.Struct(name, () => Members(w, o, contract));
                break;
            case JsonTypeInfoKind.Enumerable when value is JsonArray items:
                var element = contract.Options.GetTypeInfo(contract.ElementType!);
                w.List(name, items, item => Content(w, item, element));
                break;
            case JsonTypeInfoKind.Dictionary when value is JsonObject map:
                var entryValue = contract.Options.GetTypeInfo(contract.ElementType!);
                w.Struct(name, () =>
                {
                    foreach (var (key, v) in map)
                    {
                        w.Struct("entry", () =>
                        {
                            w.Value("key", key);
                            if (v is not null)
                                Value(w, "value", v, entryValue);
                        });
                    }
                });
                break;
            default:
                w.Value(name, Scalar(value, contract.Type));
                break;
        }
    }

    /// <summary>What goes inside a list's <c>&lt;member&gt;</c>: a structure's members, or a scalar's text.</summary>
    static void Content(QueryXmlWriter w, JsonNode? item, JsonTypeInfo contract)
    {
        if (item is null)
            return;
        if (contract.Kind == JsonTypeInfoKind.Object && item is JsonObject o)
            Members(w, o, contract);
        else
            w.Text(Scalar(item, contract.Type));
    }

    static string Scalar(JsonNode value, Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(DateTimeOffset) && value is JsonValue v && v.TryGetValue<double>(out var seconds))
            return QueryXmlWriter.Timestamp(DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000)));
        return value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => value.ToJsonString(),
        };
    }

    /// <summary>Builds a request's JSON form from the parameter tree, member by member, as the contract names them.</summary>
    sealed class Reader(string invalidCode)
    {
        /// <summary>A structure is there when any parameter lies under it, even one the contract does not name.</summary>
        public JsonObject? Structure(JsonTypeInfo contract, ParameterTree node, string path)
        {
            JsonObject? result = null;
            foreach (var member in contract.Properties)
            {
                if (!node.Children.TryGetValue(member.Name, out var child))
                    continue;
                var value = Value(contract.Options.GetTypeInfo(member.PropertyType), child, path + member.Name);
                if (value is not null)
                    (result ??= [])[member.Name] = value;
            }
            return result ?? (node.Children.Count > 0 ? [] : null);
        }

        JsonNode? Value(JsonTypeInfo contract, ParameterTree node, string path)
        {
            if (contract.Type == typeof(JsonElement) || contract.Type == typeof(JsonElement?))
                return Any(node);
            switch (contract.Kind)
            {
                case JsonTypeInfoKind.Object:
                    return Structure(contract, node, path + ".");
                case JsonTypeInfoKind.Enumerable:
                    var element = contract.Options.GetTypeInfo(contract.ElementType!);
                    var numbered = Numbered(node, "member").ToList();
                    if (numbered.Count == 0 && node.Value is null)
                        return null;
                    var items = new JsonArray();
                    foreach (var (index, member) in numbered)
                        items.Add(Element(element, member, $"{path}.member.{index}"));
                    return items;
                case JsonTypeInfoKind.Dictionary:
                    var valueContract = contract.Options.GetTypeInfo(contract.ElementType!);
                    var map = new JsonObject();
                    foreach (var (index, entry) in Numbered(node, "entry"))
                    {
                        var key = entry.Children.GetValueOrDefault("key")?.Value
                            ?? throw Invalid($"{path}.entry.{index}.key", "", "present");
                        map[key] = entry.Children.TryGetValue("value", out var v) ? Value(valueContract, v, $"{path}.entry.{index}.value") : null;
                    }
                    return map;
                default:
                    return node.Value is null ? null : Scalar(node.Value, contract.Type, path);
            }
        }

        /// <summary>
        /// A list member is there even when none of its members are (<c>Tags.member.1=</c> is a tag with neither key nor
        /// value); a scalar member given as a structure is refused.
        /// </summary>
        JsonNode? Element(JsonTypeInfo element, ParameterTree member, string path)
        {
            if (element.Type == typeof(JsonElement) || element.Type == typeof(JsonElement?))
                return Any(member);
            if (element.Kind == JsonTypeInfoKind.Object)
                return Structure(element, member, path + ".") ?? [];
            if (element.Kind == JsonTypeInfoKind.None && member.Value is null)
                throw new AwsException(invalidCode, $"'{path}' must be {Expected(element.Type)}, not a structure.");
            return Value(element, member, path);
        }

        /// <summary>
        /// A list's or map's items in order (<c>Name.member.1</c>, ...); <c>Name=</c> alone is the empty list, and no
        /// numbered item nor the name itself is no list. A bad number is named by the first parameter sent under it.
        /// </summary>
        IEnumerable<(int Index, ParameterTree Node)> Numbered(ParameterTree node, string label)
        {
            if (!node.Children.TryGetValue(label, out var items))
                return [];
            var found = new SortedDictionary<int, ParameterTree>();
            foreach (var (digits, item) in items.Children)
            {
                if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i < 1 || i > MaxListIndex
                    || digits != i.ToString(CultureInfo.InvariantCulture))
                {
                    throw new AwsException(invalidCode, $"'{item.FirstKey}' is not a valid list member: members are numbered from 1 to {MaxListIndex}.");
                }
                found[i] = item;
            }
            return found.Select(kv => (kv.Key, kv.Value));
        }

        static string Expected(Type type)
        {
            var t = Nullable.GetUnderlyingType(type) ?? type;
            return t == typeof(bool) ? "true or false"
                : t == typeof(int) || t == typeof(long) ? "an integer"
                : t == typeof(double) || t == typeof(float) || t == typeof(decimal) ? "a number"
                : t == typeof(DateTimeOffset) ? "a timestamp (ISO 8601)"
                : "a string";
        }

        JsonNode Scalar(string s, Type type, string path)
        {
            var t = Nullable.GetUnderlyingType(type) ?? type;
            if (t == typeof(string))
                return JsonValue.Create(s);
            if (t == typeof(bool))
            {
                return s.Equals("true", StringComparison.OrdinalIgnoreCase) ? JsonValue.Create(true)
                    : s.Equals("false", StringComparison.OrdinalIgnoreCase) ? JsonValue.Create(false)
                    : throw Invalid(path, s, "true or false");
            }
            if (t == typeof(int) || t == typeof(long))
            {
                return long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && (t == typeof(long) || n is >= int.MinValue and <= int.MaxValue)
                    ? JsonValue.Create(n)
                    : throw Invalid(path, s, "an integer");
            }
            if (t == typeof(double) || t == typeof(float) || t == typeof(decimal))
            {
                return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                    ? JsonValue.Create(d)
                    : throw Invalid(path, s, "a number");
            }
            if (t == typeof(DateTimeOffset))
                return JsonValue.Create(Timestamp(s) ?? throw Invalid(path, s, "a timestamp (ISO 8601)"));
            return JsonValue.Create(s);
        }

        /// <summary>A timestamp in ISO 8601, or in seconds since the epoch, as seconds since the epoch.</summary>
        static double? Timestamp(string s)
        {
            if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
                return t.ToUnixTimeMilliseconds() / 1000.0;
            return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var epoch) && double.IsFinite(epoch) && Math.Abs(epoch) < 1e11
                ? epoch
                : null;
        }

        /// <summary>A member the contract leaves open (read only to be refused or passed on): its parameters as nested objects.</summary>
        static JsonNode Any(ParameterTree node)
        {
            if (node.Children.Count == 0)
                return JsonValue.Create(node.Value ?? "");
            var o = new JsonObject();
            foreach (var (name, child) in node.Children)
                o[name] = Any(child);
            return o;
        }

        AwsException Invalid(string path, string value, string expected) =>
            new(invalidCode, $"1 validation error detected: Value '{(value.Length <= 64 ? value : value[..64] + "...")}' at '{path}' failed to satisfy constraint: Member must be {expected}");
    }
}

/// <summary>Query parameters as a tree of their dotted names: <c>A.member.1.B=x</c> is A → member → 1 → B = x.</summary>
sealed class ParameterTree
{
    public string? Value { get; private set; }

    /// <summary>The full name of the first parameter sent under this node (errors name it as the client wrote it).</summary>
    public string FirstKey { get; private set; } = "";

    public Dictionary<string, ParameterTree> Children { get; } = new(StringComparer.Ordinal);

    public static ParameterTree Build(IReadOnlyDictionary<string, string> parameters)
    {
        var root = new ParameterTree();
        foreach (var (key, value) in parameters)
        {
            var node = root;
            foreach (var part in key.Split('.'))
            {
                if (!node.Children.TryGetValue(part, out var child))
                    node.Children[part] = child = new ParameterTree { FirstKey = key };
                node = child;
            }
            node.Value = value;
        }
        return root;
    }
}
