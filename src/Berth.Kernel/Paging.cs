using System.Globalization;
using System.Text;

namespace Berth.Kernel;

/// <summary>Opaque <c>nextToken</c>s: the offset of the next page, bound to the listing that issued it.</summary>
public static class Paging
{
    public static string? Encode(int nextOffset, int returned, int limit, string listing) =>
        returned < limit ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes($"{listing}|{nextOffset.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>The offset a token names; a token another listing issued is refused with <paramref name="invalidCode"/>.</summary>
    public static int Decode(string? token, string listing, string invalidCode = "InvalidParameterException")
    {
        if (string.IsNullOrEmpty(token))
            return 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var bar = text.LastIndexOf('|');
            if (bar > 0 && text[..bar] == listing && int.TryParse(text[(bar + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
                return offset;
        }
        catch (FormatException)
        {
            // Falls through to the refusal below.
        }
        throw new AwsException(invalidCode, "Invalid nextToken: it was not issued for this request. Start again without nextToken.");
    }

    /// <summary>The page size to use, with the operation's bounds.</summary>
    public static int Limit(int? requested, int max, int @default, string name = "maxResults")
    {
        if (requested is null)
            return @default;
        if (requested < 1 || requested > max)
            throw AwsException.InvalidParameter(ConstraintMessage.Range(requested.Value, name, 1, max));
        return requested.Value;
    }
}
