using System.Security.Cryptography;
using System.Text;

namespace Berth.Ec2;

/// <summary>Which address an interface gets and what its MAC is: pure functions of the subnet, the addresses taken and the id.</summary>
static class AddressAllocation
{
    /// <summary>
    /// The lowest free address of <paramref name="subnet"/>: AWS keeps the first four (network, router, DNS, future use)
    /// and the last; null when every other address is taken.
    /// </summary>
    public static string? LowestFree(Ipv4Cidr subnet, IReadOnlySet<string> taken)
    {
        for (var a = subnet.Base + 4; a < subnet.Last; a++)
        {
            var text = Ipv4Cidr.Format(a);
            if (!taken.Contains(text))
                return text;
        }
        return null;
    }

    /// <summary>The subnet's router: its base address + 1, as in a VPC.</summary>
    public static string Gateway(Ipv4Cidr subnet) => Ipv4Cidr.Format(subnet.Base + 1);

    /// <summary>A locally administered unicast MAC (02:…) derived from the interface id, so it is the same on every start.</summary>
    public static string Mac(string interfaceId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(interfaceId));
        return "02:" + string.Join(':', hash.Take(5).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
