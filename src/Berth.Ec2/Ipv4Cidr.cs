using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Berth.Ec2;

/// <summary>An IPv4 range as a base address and a prefix length; the arithmetic subnets and rules need.</summary>
readonly record struct Ipv4Cidr(uint Base, int Prefix)
{
    public uint Size => Prefix == 0 ? uint.MaxValue : 1u << (32 - Prefix);

    public uint Last => Base + (Size - 1);

    public override string ToString() => $"{Format(Base)}/{Prefix.ToString(CultureInfo.InvariantCulture)}";

    public bool Contains(uint address) => address >= Base && address <= Last;

    public bool Contains(Ipv4Cidr other) => other.Base >= Base && other.Last <= Last;

    public bool Overlaps(Ipv4Cidr other) => Base <= other.Last && other.Base <= Last;

    /// <summary>Parses <c>a.b.c.d/n</c>; <paramref name="aligned"/> is whether the address is the range's base (10.0.0.5/24 is not).</summary>
    public static bool TryParse(string? text, out Ipv4Cidr cidr, out bool aligned)
    {
        (cidr, aligned) = (default, false);
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (slash <= 0 || !TryAddress(text![..slash], out var address)
            || !int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > 32
            || text[(slash + 1)..] != prefix.ToString(CultureInfo.InvariantCulture))
        {
            return false;
        }
        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        cidr = new Ipv4Cidr(address & mask, prefix);
        aligned = (address & ~mask) == 0;
        return true;
    }

    /// <summary>A dotted quad, strictly: four decimal parts (no shorthand such as <c>10.1</c>, which IPAddress would accept).</summary>
    public static bool TryAddress(string text, out uint address)
    {
        address = 0;
        if (text.Count(c => c == '.') != 3 || !IPAddress.TryParse(text, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork)
            return false;
        address = BinaryPrimitives.ReadUInt32BigEndian(ip.GetAddressBytes());
        return true;
    }

    public static uint Of(IPAddress ip) => BinaryPrimitives.ReadUInt32BigEndian(ip.GetAddressBytes());

    public static string Format(uint address) =>
        $"{address >> 24}.{(address >> 16) & 255}.{(address >> 8) & 255}.{address & 255}";
}
