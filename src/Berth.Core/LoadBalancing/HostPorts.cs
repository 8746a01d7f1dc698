using System.Net;
using System.Net.Sockets;

namespace Berth.Core.LoadBalancing;

/// <summary>Whether a TCP port can be bound on this host: listeners are host ports, so one another program holds is refused.</summary>
public static class HostPorts
{
    public static bool IsFree(string address, int port)
    {
        var ip = IPAddress.TryParse(address, out var parsed) ? parsed : IPAddress.Any;
        using var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(ip, port));
            socket.Listen(1);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
