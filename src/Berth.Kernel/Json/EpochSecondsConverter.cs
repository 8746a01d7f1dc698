using System.Text.Json;
using System.Text.Json.Serialization;

namespace Berth.Kernel.Json;

/// <summary>AWS JSON protocols send timestamps as seconds since the epoch, with a fraction.</summary>
public sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    static readonly double MinMs = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    static readonly double MaxMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            var ms = Math.Round(reader.GetDouble() * 1000);
            return ms >= MinMs && ms <= MaxMs
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)ms)
                : throw new JsonException("The timestamp is out of range (years 1 to 9999).");
        }
        if (reader.TokenType == JsonTokenType.String && DateTimeOffset.TryParse(reader.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            return parsed;
        throw new JsonException("Expected a timestamp (seconds since the epoch).");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(Math.Round(value.ToUnixTimeMilliseconds() / 1000.0, 3));
}
