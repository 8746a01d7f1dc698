using System.Net;
using System.Net.Sockets;

namespace Berth.LoadBalancer;

/// <summary>
/// Whether a port can be bound. HAProxy's <c>-c</c> does not bind, and a reload whose new listener clashes with another
/// process fails as a whole; probing first lets Berth leave that one listener out and keep the rest serving.
/// </summary>
internal static class PortProbe
{
    public static bool IsFree(string address, int port)
    {
        try
        {
            var ip = IPAddress.Parse(address);
            using var s = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            s.Bind(new IPEndPoint(ip, port));
            s.Listen(1);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
