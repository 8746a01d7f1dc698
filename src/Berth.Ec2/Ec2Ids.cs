using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Berth.Ec2;

/// <summary>EC2 resource ids: a prefix and 17 lower-case hex digits (<c>sg-0b3e7a1f00000000a</c>).</summary>
static partial class Ec2Ids
{
    public const string Vpc = "vpc";
    public const string Subnet = "subnet";
    public const string SecurityGroup = "sg";
    public const string NetworkInterface = "eni";
    public const string SecurityGroupRule = "sgr";

    public static string New(string prefix) => $"{prefix}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(9))[..17]}";

    /// <summary>The ids Berth gave its default network before EC2 was a module; tasks and load balancers stored them, so they stay.</summary>
    public static string Default(string prefix, char last) => $"{prefix}-0b3e7a1f00000000{last}";

    /// <summary>Whether <paramref name="id"/> has the prefix and 8 or 17 hex digits (both lengths exist in AWS).</summary>
    public static bool IsValid(string? id, string prefix) =>
        id is not null && id.StartsWith(prefix + "-", StringComparison.Ordinal) && HexPart().IsMatch(id[(prefix.Length + 1)..]);

    /// <summary>The prefix of an id (<c>sg</c> for <c>sg-...</c>), or null.</summary>
    public static string? PrefixOf(string id)
    {
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && HexPart().IsMatch(id[(dash + 1)..]) ? id[..dash] : null;
    }

    [GeneratedRegex("^([0-9a-f]{8}|[0-9a-f]{17})$")]
    private static partial Regex HexPart();
}
