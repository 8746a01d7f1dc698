using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Berth.Kernel.Protocol;

/// <summary>
/// The Query protocol's codec, driven by an operation's JSON contracts (the member names are the model's): parameters
/// such as <c>MetricData.member.1.Dimensions.member.2.Name</c> are read into the request, and the response is written as
/// the XML botocore parses — structures as elements, lists as <c>&lt;member&gt;</c>, maps as <c>&lt;entry&gt;</c> with
/// <c>key</c> and <c>value</c>, timestamps in ISO 8601. One definition of an operation thus serves JSON and Query alike.
/// Both directions go through the contract's JSON form, written and read in one pass, with no document in between.
/// </summary>
public static class QueryCodec
{
    const int MaxListIndex = 1000;

    /// <summary>Reads the request; a parameter of the wrong type is refused with <paramref name="invalidCode"/>.</summary>
    public static object Read(IReadOnlyDictionary<string, string> parameters, JsonTypeInfo contract, string invalidCode) =>
        Read(parameters, contract, invalidCode, QueryDialect.Query);

    internal static object Read(IReadOnlyDictionary<string, string> parameters, JsonTypeInfo contract, string invalidCode, QueryDialect dialect)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
            new Reader(invalidCode, json, dialect).Root(ContractMap.Of(contract), ParameterTree.Build(parameters));
        return JsonSerializer.Deserialize(buffer.WrittenSpan, contract) ?? throw new AwsException(invalidCode, "The request has no parameters.");
    }

    /// <summary>Writes the response's members inside the operation's <c>&lt;ActionResult&gt;</c>.</summary>
    public static void Write(QueryXmlWriter w, object? response, JsonTypeInfo contract) => Write(w, response, contract, QueryDialect.Query);

    internal static void Write(QueryXmlWriter w, object? response, JsonTypeInfo contract, QueryDialect dialect)
    {
        var json = new Utf8JsonReader(JsonSerializer.SerializeToUtf8Bytes(response, contract));
        if (json.Read() && json.TokenType == JsonTokenType.StartObject)
            Members(w, ref json, ContractMap.Of(contract), dialect);
    }

    /// <summary>Writes an object's members; the reader is on its StartObject and is left on its EndObject.</summary>
    static void Members(QueryXmlWriter w, ref Utf8JsonReader json, ContractMap contract, QueryDialect dialect)
    {
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            var name = json.GetString()!;
            json.Read();
            if (contract.MemberNamed(name) is { } member)
                Value(w, name, ref json, member.Contract, dialect);
            else
                json.Skip();
        }
    }

    static void Value(QueryXmlWriter w, string name, ref Utf8JsonReader json, ContractMap contract, QueryDialect dialect)
    {
        switch (json.TokenType)
        {
            case JsonTokenType.Null:
                return;
            case JsonTokenType.StartObject when contract.Kind == JsonTypeInfoKind.Dictionary:
                w.Start(name);
                while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
                {
                    w.Start("entry");
                    w.Value("key", json.GetString());
                    json.Read();
                    Value(w, "value", ref json, contract.Element, dialect);
                    w.End();
                }
                w.End();
                return;
            case JsonTokenType.StartObject:
                w.Start(name);
                Members(w, ref json, contract, dialect);
                w.End();
                return;
            case JsonTokenType.StartArray:
                w.Start(name);
                while (json.Read() && json.TokenType != JsonTokenType.EndArray)
                {
                    w.Start(dialect.ListItem);
                    if (json.TokenType == JsonTokenType.StartObject)
                        Members(w, ref json, contract.Element, dialect);
                    else if (json.TokenType != JsonTokenType.Null)
                        w.Text(Scalar(ref json, contract.Element));
                    w.End();
                }
                w.End();
                return;
            default:
                w.Value(name, Scalar(ref json, contract));
                return;
        }
    }

    static string Scalar(ref Utf8JsonReader json, ContractMap contract) => json.TokenType switch
    {
        JsonTokenType.String => json.GetString()!,
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Number when contract.ScalarType == typeof(DateTimeOffset) =>
            QueryXmlWriter.Timestamp(DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(json.GetDouble() * 1000))),
        _ => System.Text.Encoding.UTF8.GetString(json.HasValueSequence ? json.ValueSequence.ToArray() : json.ValueSpan),
    };

    /// <summary>Writes a request's JSON form from the parameter tree, member by member, as the contract names them.</summary>
    sealed class Reader(string invalidCode, Utf8JsonWriter json, QueryDialect dialect)
    {
        /// <summary>The request: its members, beside the parameters every request carries (Action, Version, a presigned URL's).</summary>
        public void Root(ContractMap contract, ParameterTree node)
        {
            if (dialect.RefuseUnknown)
            {
                foreach (var name in node.Children.Keys.Where(k => k is "Action" or "Version" || k.StartsWith("X-Amz-", StringComparison.Ordinal)).ToList())
                    node.Children.Remove(name);
            }
            Structure(contract, node, "");
        }

        public void Structure(ContractMap contract, ParameterTree node, string path)
        {
            json.WriteStartObject();
            var read = dialect.RefuseUnknown ? new HashSet<string>(StringComparer.Ordinal) : null;
            foreach (var member in contract.Members)
            {
                var wire = dialect.WireName(member.Name);
                read?.Add(wire);
                if (!node.Children.TryGetValue(wire, out var child))
                    continue;
                if (dialect.RefuseUnknown && member.Contract.Kind == JsonTypeInfoKind.None && !IsAny(member.Contract) && child.Children.Count > 0)
                    throw Unknown(child.Children.Values.First());
                if (!Present(member.Contract, child))
                    continue;
                json.WritePropertyName(member.Name);
                Value(member.Contract, child, path + wire);
            }
            json.WriteEndObject();
            if (read is not null && node.Children.Keys.FirstOrDefault(k => !read.Contains(k)) is { } unknown)
                throw Unknown(node.Children[unknown]);
        }

        AwsException Unknown(ParameterTree node) => new("UnknownParameter", $"The parameter {node.FirstKey} is not recognized");

        /// <summary>
        /// Whether a parameter gives the member a value: a structure is there when any parameter lies under it (even one
        /// the contract does not name); a list when it has a numbered member or is named alone (<c>Names=</c>, the empty
        /// list); a scalar when it has a value.
        /// </summary>
        bool Present(ContractMap contract, ParameterTree node) => IsAny(contract) || contract.Kind switch
        {
            JsonTypeInfoKind.Object => node.Children.Count > 0,
            JsonTypeInfoKind.Enumerable => node.Value is not null || Numbered(node, dialect.ListLabel).Any(),
            JsonTypeInfoKind.Dictionary => true,
            _ => node.Value is not null,
        };

        static bool IsAny(ContractMap contract) => contract.ScalarType == typeof(JsonElement);

        void Value(ContractMap contract, ParameterTree node, string path)
        {
            if (IsAny(contract))
            {
                Any(node);
                return;
            }
            switch (contract.Kind)
            {
                case JsonTypeInfoKind.Object:
                    Structure(contract, node, path + ".");
                    return;
                case JsonTypeInfoKind.Enumerable:
                    json.WriteStartArray();
                    foreach (var (index, member) in Numbered(node, dialect.ListLabel))
                        Element(contract.Element, member, dialect.ListLabel is null ? $"{path}.{index}" : $"{path}.{dialect.ListLabel}.{index}");
                    json.WriteEndArray();
                    return;
                case JsonTypeInfoKind.Dictionary:
                    json.WriteStartObject();
                    foreach (var (index, entry) in Numbered(node, "entry"))
                    {
                        json.WritePropertyName(entry.Children.GetValueOrDefault("key")?.Value ?? throw Invalid($"{path}.entry.{index}.key", "", "present"));
                        if (entry.Children.TryGetValue("value", out var v) && Present(contract.Element, v))
                            Value(contract.Element, v, $"{path}.entry.{index}.value");
                        else
                            json.WriteNullValue();
                    }
                    json.WriteEndObject();
                    return;
                default:
                    if (dialect.RefuseUnknown && node.Children.Count > 0)
                        throw Unknown(node.Children.Values.First());
                    Scalar(node.Value!, contract.ScalarType, path);
                    return;
            }
        }

        /// <summary>
        /// A list member is there even when none of its members are (<c>Tags.member.1=</c> is a tag with neither key nor
        /// value); a scalar member given as a structure is refused.
        /// </summary>
        void Element(ContractMap element, ParameterTree member, string path)
        {
            if (IsAny(element))
                Any(member);
            else if (element.Kind == JsonTypeInfoKind.Object)
                Structure(element, member, path + ".");
            else if (element.Kind == JsonTypeInfoKind.None && member.Value is null)
                throw new AwsException(invalidCode, $"'{path}' must be {Expected(element.ScalarType)}, not a structure.");
            else
                Value(element, member, path);
        }

        /// <summary>
        /// A list's or map's items in order (<c>Name.member.1</c>, ...; <c>Name.1</c> when the dialect's lists have no
        /// label); a bad number is named by the first parameter sent under it.
        /// </summary>
        IEnumerable<(int Index, ParameterTree Node)> Numbered(ParameterTree node, string? label)
        {
            var items = node;
            if (label is not null && !node.Children.TryGetValue(label, out items))
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

        static string Expected(Type t) =>
            t == typeof(bool) ? "true or false"
            : t == typeof(int) || t == typeof(long) ? "an integer"
            : t == typeof(double) || t == typeof(float) || t == typeof(decimal) ? "a number"
            : t == typeof(DateTimeOffset) ? "a timestamp (ISO 8601)"
            : "a string";

        void Scalar(string s, Type t, string path)
        {
            if (t == typeof(string))
            {
                json.WriteStringValue(s);
            }
            else if (t == typeof(bool))
            {
                json.WriteBooleanValue(s.Equals("true", StringComparison.OrdinalIgnoreCase) ? true
                    : s.Equals("false", StringComparison.OrdinalIgnoreCase) ? false
                    : throw Invalid(path, s, "true or false"));
            }
            else if (t == typeof(int) || t == typeof(long))
            {
                json.WriteNumberValue(long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && (t == typeof(long) || n is >= int.MinValue and <= int.MaxValue)
                    ? n
                    : throw Invalid(path, s, "an integer"));
            }
            else if (t == typeof(double) || t == typeof(float) || t == typeof(decimal))
            {
                json.WriteNumberValue(double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                    ? d
                    : throw Invalid(path, s, "a number"));
            }
            else if (t == typeof(DateTimeOffset))
            {
                json.WriteNumberValue(Timestamp(s) ?? throw Invalid(path, s, "a timestamp (ISO 8601)"));
            }
            else
            {
                json.WriteStringValue(s);
            }
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
        void Any(ParameterTree node)
        {
            if (node.Children.Count == 0)
            {
                json.WriteStringValue(node.Value ?? "");
                return;
            }
            json.WriteStartObject();
            foreach (var (name, child) in node.Children)
            {
                json.WritePropertyName(name);
                Any(child);
            }
            json.WriteEndObject();
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
