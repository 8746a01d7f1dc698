using System.Text;

namespace Berth.Kernel.Auth;

/// <summary>RFC 3986 percent-encoding as SigV4 wants it: everything but A-Z a-z 0-9 - . _ ~ is encoded, hex upper-case.</summary>
internal static class SigV4Encoding
{
    private const string Hex = "0123456789ABCDEF";

    public static string UriEncode(string value) => UriEncode(Encoding.UTF8.GetBytes(value));

    public static string UriEncode(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (IsUnreserved(b))
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Decodes a query-string component: <c>%XX</c> escapes become bytes and <c>+</c> a space (form encoding, which
    /// botocore sends and AWS accepts; a literal plus arrives as <c>%2B</c>). Other characters are taken as their
    /// UTF-8 bytes; malformed escapes are kept literally.
    /// </summary>
    public static byte[] QueryDecode(string value)
    {
        var raw = Encoding.UTF8.GetBytes(value);
        if (Array.IndexOf(raw, (byte)'%') < 0 && Array.IndexOf(raw, (byte)'+') < 0)
        {
            return raw;
        }

        var result = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '%' && i + 2 < raw.Length && HexValue(raw[i + 1]) is int hi && HexValue(raw[i + 2]) is int lo)
            {
                result.Add((byte)((hi << 4) | lo));
                i += 2;
            }
            else
            {
                result.Add(raw[i] == '+' ? (byte)' ' : raw[i]);
            }
        }

        return [.. result];
    }

    public static string QueryDecodeToString(string value) => Encoding.UTF8.GetString(QueryDecode(value));

    private static bool IsUnreserved(byte b) =>
        b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~';

    private static int? HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        _ => null,
    };
}
