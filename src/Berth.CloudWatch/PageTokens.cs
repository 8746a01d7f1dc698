using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Berth.Kernel;

namespace Berth.CloudWatch;

/// <summary>Opaque NextTokens for CloudWatch listings: an offset bound to a fingerprint of the request that issued it.</summary>
public static class PageTokens
{
    public static string Encode(string listing, int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Fingerprint(listing)}|{offset.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>The offset the token names (0 without one); <paramref name="refuse"/> is thrown for a foreign or malformed token.</summary>
    public static int Decode(string? token, string listing, Func<AwsException> refuse)
    {
        if (string.IsNullOrEmpty(token))
            return 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var bar = text.LastIndexOf('|');
            if (bar > 0 && text[..bar] == Fingerprint(listing)
                && int.TryParse(text[(bar + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
                return offset;
        }
        catch (FormatException)
        {
            // Refused below.
        }
        throw refuse();
    }

    static string Fingerprint(string listing) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(listing)))[..16];
}
