using System.Net;
using System.Net.Sockets;

namespace Berth.Elb.Haproxy;

/// <summary>
/// Whether a port can be bound. HAProxy's <c>-c</c> does not bind, and a reload whose new listener clashes with another
/// process fails as a whole; probing first lets Berth leave that one listener out and keep the rest serving. The API asks
/// it too (<see cref="LoadBalancerController.CanListen"/>), so a listener on a port another program holds is refused at once.
/// </summary>
internal static class PortProbe
{
    public static bool IsFree(string address, int port)
    {
        try
        {
            var ip = IPAddress.TryParse(address, out var parsed) ? parsed : IPAddress.Any;
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
