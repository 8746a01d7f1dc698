using System.Net.Sockets;
using System.Text;

namespace Berth.Elb.Haproxy.Runtime;

/// <summary>
/// One command (or several, separated by <c>;</c>) over an HAProxy CLI socket in non-interactive mode: write, half-close,
/// read to the end. The half-close matters for the master CLI of 2.6, which otherwise keeps the connection open.
/// </summary>
internal static class HaproxySocket
{
    public static async Task<string> SendAsync(string socketPath, string command, CancellationToken ct, TimeSpan? timeout = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(10));
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cts.Token);
        await socket.SendAsync(Encoding.UTF8.GetBytes(command + "\n"), SocketFlags.None, cts.Token);
        socket.Shutdown(SocketShutdown.Send);
        var buffer = new byte[64 * 1024];
        using var output = new MemoryStream();
        int n;
        while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token)) > 0)
            output.Write(buffer, 0, n);
        return Encoding.UTF8.GetString(output.GetBuffer(), 0, (int)output.Length);
    }
}
