using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Berth.Kernel.Protocol;

/// <summary>
/// The REST-JSON protocol's codec (Scheduler, Lambda, ...): the request is the JSON body, with the members the operation's
/// <see cref="HttpBinding"/> places in the URI path or query string filled in from there; the response is its JSON form.
/// </summary>
public static class RestJsonCodec
{
    public static object Read(OperationDefinition definition, IReadOnlyDictionary<string, string> path,
        IReadOnlyDictionary<string, IReadOnlyList<string>> query, ReadOnlySpan<byte> body, string invalidCode)
    {
        var contract = definition.RequestContract;
        var request = body.IsEmpty ? [] : JsonNode.Parse(body) as JsonObject ?? throw new JsonException("The request body must be a JSON object.");
        var members = contract.Properties.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in path)
        {
            if (members.TryGetValue(name, out var member))
                request[member.Name] = Scalar(value, member.PropertyType, member.Name, invalidCode);
        }
        foreach (var (parameter, memberName) in definition.Http?.Query ?? new Dictionary<string, string>())
        {
            if (!query.TryGetValue(parameter, out var values) || !members.TryGetValue(memberName, out var member))
                continue;
            var memberContract = contract.Options.GetTypeInfo(member.PropertyType);
            request[member.Name] = memberContract.Kind == JsonTypeInfoKind.Enumerable
                ? new JsonArray(values.Select(v => Scalar(v, memberContract.ElementType!, parameter, invalidCode)).ToArray())
                : Scalar(values[^1], member.PropertyType, parameter, invalidCode);
        }
        return JsonSerializer.Deserialize(request, contract) ?? throw new JsonException("The request body must be a JSON object.");
    }

    public static byte[] Write(OperationDefinition definition, object? response) =>
        JsonSerializer.SerializeToUtf8Bytes(response, definition.ResponseContract);

    static JsonNode? Scalar(string s, Type type, string name, string invalidCode)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(bool))
        {
            return bool.TryParse(s, out var b) ? JsonValue.Create(b) : throw Invalid(name, s, "true or false", invalidCode);
        }
        if (t == typeof(int) || t == typeof(long))
        {
            return long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && (t == typeof(long) || n is >= int.MinValue and <= int.MaxValue)
                ? JsonValue.Create(n)
                : throw Invalid(name, s, "an integer", invalidCode);
        }
        if (t == typeof(double))
        {
            return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                ? JsonValue.Create(d)
                : throw Invalid(name, s, "a number", invalidCode);
        }
        return JsonValue.Create(s);
    }

    static AwsException Invalid(string name, string value, string expected, string code) =>
        new(code, $"1 validation error detected: Value '{(value.Length <= 64 ? value : value[..64] + "...")}' at '{name}' failed to satisfy constraint: Member must be {expected}");
}
