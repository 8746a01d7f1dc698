using System.Net;

namespace Berth.Iam.Policy;

/// <summary>An IpAddress condition value: an IPv4 or IPv6 CIDR block (a bare address is its /32 or /128).</summary>
internal readonly struct IpNetwork
{
    readonly byte[] _address;
    readonly int _prefix;

    IpNetwork(byte[] address, int prefix)
    {
        _address = address;
        _prefix = prefix;
    }

    public static bool TryParse(ReadOnlySpan<char> text, out IpNetwork network)
    {
        network = default;
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!TryBytes(addressText, out var bytes))
            return false;
        var prefix = bytes.Length * 8;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, null, out prefix) || prefix > bytes.Length * 8))
            return false;
        network = new IpNetwork(bytes, prefix);
        return true;
    }

    /// <summary>Whether the request's address (IPv4, IPv6, or IPv4 mapped into IPv6) lies in the block.</summary>
    public bool Contains(ReadOnlySpan<char> address)
    {
        if (_address is null || !TryBytes(address, out var bytes) || bytes.Length != _address.Length)
            return false;
        var full = _prefix / 8;
        if (!bytes.AsSpan(0, full).SequenceEqual(_address.AsSpan(0, full)))
            return false;
        var rest = _prefix % 8;
        if (rest == 0)
            return true;
        var mask = (byte)(0xFF << (8 - rest));
        return (bytes[full] & mask) == (_address[full] & mask);
    }

    static bool TryBytes(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        if (!IPAddress.TryParse(text, out var ip))
            return false;
        if (ip.IsIPv4MappedToIPv6)
            ip = ip.MapToIPv4();
        bytes = ip.GetAddressBytes();
        return true;
    }
}
