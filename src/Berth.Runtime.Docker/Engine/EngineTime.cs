using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Berth.Runtime.Docker.Engine;

/// <summary>Parsing of the engine's RFC3339Nano timestamps.</summary>
internal static class EngineTime
{
    /// <summary>
    /// Parses an RFC3339 timestamp with up to nine fractional digits (extra digits beyond the
    /// 100 ns tick resolution are truncated, keeping the order of nanosecond timestamps).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out DateTimeOffset value)
    {
        value = default;
        // Shortest: 2006-01-02T15:04:05Z (20); longest: nine digits and an offset (35).
        if (utf8.Length is < 20 or > 40 || utf8[4] != (byte)'-' || utf8[7] != (byte)'-' || (utf8[10] != (byte)'T' && utf8[10] != (byte)'t'))
        {
            return false;
        }

        Span<char> chars = stackalloc char[utf8.Length];
        var length = 0;
        var fractionDigits = -1;
        foreach (var b in utf8)
        {
            if (b > 127)
            {
                return false;
            }

            if (fractionDigits >= 0)
            {
                if (b is >= (byte)'0' and <= (byte)'9')
                {
                    if (++fractionDigits > 7)
                    {
                        continue;
                    }
                }
                else
                {
                    fractionDigits = -1;
                }
            }
            else if (b == (byte)'.' && length == 19)
            {
                fractionDigits = 0;
            }

            chars[length++] = (char)b;
        }

        return DateTimeOffset.TryParse(
            chars[..length],
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal,
            out value);
    }

    public static bool TryParse(string text, out DateTimeOffset value) => TryParse(Encoding.UTF8.GetBytes(text), out value);

    /// <summary>The engine writes Go's zero time for "never"; that maps to null.</summary>
    public static DateTimeOffset? NullIfZero(DateTimeOffset value) => value.Year <= 1 ? null : value;
}

/// <summary>An engine timestamp that may be Go's zero time ("0001-01-01T00:00:00Z") or empty: both read as null.</summary>
public sealed class EngineOptionalTimeConverter : JsonConverter<DateTimeOffset?>
{
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a timestamp string, got {reader.TokenType}.");
        }

        ReadOnlySpan<byte> span = reader.HasValueSequence || reader.ValueIsEscaped
            ? Encoding.UTF8.GetBytes(reader.GetString() ?? "")
            : reader.ValueSpan;
        if (span.IsEmpty)
        {
            return null;
        }

        return EngineTime.TryParse(span, out var value)
            ? EngineTime.NullIfZero(value)
            : throw new JsonException($"Invalid engine timestamp '{Encoding.UTF8.GetString(span)}'.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } time)
        {
            writer.WriteStringValue(time);
        }
        else
        {
            writer.WriteStringValue("0001-01-01T00:00:00Z");
        }
    }
}
