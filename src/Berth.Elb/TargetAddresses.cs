using System.Net;

namespace Berth.Elb;

/// <summary>Which addresses ELB lets an ip target group hold without their being in its VPC: private (RFC 1918) and shared (RFC 6598) ranges.</summary>
public static class TargetAddresses
{
    static readonly (uint Network, uint Mask)[] Private =
    [
        (0x0A000000, 0xFF000000), // 10.0.0.0/8
        (0xAC100000, 0xFFF00000), // 172.16.0.0/12
        (0xC0A80000, 0xFFFF0000), // 192.168.0.0/16
        (0x64400000, 0xFFC00000), // 100.64.0.0/10
    ];

    public static bool IsPrivate(IPAddress address)
    {
        var b = address.GetAddressBytes();
        if (b.Length != 4)
            return false;
        var a = (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
        return Private.Any(r => (a & r.Mask) == r.Network);
    }
}
