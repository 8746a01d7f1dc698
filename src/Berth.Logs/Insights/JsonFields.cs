using System.Globalization;
using System.Text.Json;

namespace Berth.Logs.Insights;

/// <summary>
/// The fields Insights discovers in a JSON log event: nested objects flattened with dots (<c>http.status</c>), array
/// items by index (<c>items.0.id</c>), at most 200 fields as in Insights. Anything that is not a JSON object has none.
/// </summary>
public static class JsonFields
{
    public const int MaxFields = 200;

    public static Dictionary<string, string>? Discover(string message)
    {
        var span = message.AsSpan().TrimStart();
        if (span.Length == 0 || span[0] != '{')
            return null;
        try
        {
            using var doc = JsonDocument.Parse(message, new JsonDocumentOptions { MaxDepth = 32 });
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            Flatten(doc.RootElement, "", fields);
            return fields;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static void Flatten(JsonElement e, string prefix, Dictionary<string, string> fields)
    {
        if (fields.Count >= MaxFields)
            return;
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                    Flatten(p.Value, prefix.Length == 0 ? p.Name : $"{prefix}.{p.Name}", fields);
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in e.EnumerateArray())
                    Flatten(item, $"{prefix}.{(i++).ToString(CultureInfo.InvariantCulture)}", fields);
                break;
            case JsonValueKind.String:
                fields[prefix] = e.GetString()!;
                break;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                break;
            default:
                fields[prefix] = e.GetRawText();
                break;
        }
    }
}
