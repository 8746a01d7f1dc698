using System.Security.Cryptography;
using System.Text;

namespace Berth.Kernel.Auth;

internal static class SigV4Crypto
{
    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static string Sha256Hex(string data) => Sha256Hex(Encoding.UTF8.GetBytes(data));

    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{SigV4Constants.Algorithm}\n{amzDate}\n{scope}\n{Sha256Hex(canonicalRequest)}";

    /// <summary>kSecret = "AWS4"+secret; kDate; kRegion; kService; kSigning = HMAC(kService, "aws4_request").</summary>
    public static byte[] SigningKey(string secret, string date, string region, string service)
    {
        var key = Encoding.UTF8.GetBytes("AWS4" + secret);
        key = Hmac(key, date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        return Hmac(key, SigV4Constants.Terminator);
    }

    public static string Signature(byte[] signingKey, string stringToSign) =>
        Convert.ToHexStringLower(Hmac(signingKey, stringToSign));

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}
