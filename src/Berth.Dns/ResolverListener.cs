using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using ARSoft.Tools.Net.Dns.DynamicUpdate;

namespace Berth.Dns;

/// <summary>
/// The resolver at each of a set of addresses, all on one port: UDP on our own receive loops (<see cref="UdpListener"/>,
/// where nearly every query arrives), TCP on ARSoft.Tools.Net's server (truncated answers retried, zone-sized ones).
/// </summary>
internal sealed class ResolverListener : IDisposable
{
    readonly DnsServer _server;
    readonly List<IServerTransport> _transports;
    readonly List<UdpListener> _udp;

    ResolverListener(DnsServer server, List<IServerTransport> transports, List<UdpListener> udp, IReadOnlyList<IPEndPoint> endpoints)
    {
        _server = server;
        _transports = transports;
        _udp = udp;
        Endpoints = endpoints;
    }

    public IReadOnlyList<IPEndPoint> Endpoints { get; }

    /// <summary>Binds every address on <paramref name="port"/> or none (throws the first <see cref="SocketException"/>), then serves.</summary>
    public static ResolverListener Start(
        IReadOnlyList<IPAddress> addresses, int port, TaskResolver resolver, ClientBudget budget, ClientLimits limits, TimeProvider time,
        Action<Exception> onError, CancellationToken stopping)
    {
        MessageIdRandom.Install();
        var endpoints = addresses.Select(a => new IPEndPoint(a, port)).ToList();
        var idleMs = (int)limits.IdleTimeout.TotalMilliseconds;
        var transports = new List<IServerTransport>();
        var udp = new List<UdpListener>();
        var responder = new DatagramResponder(resolver, budget, onError, stopping);
        try
        {
            foreach (var endpoint in endpoints)
            {
                var tcp = new GuardedTransport(new TcpServerTransport(endpoint, timeout: 2000, keepAlive: idleMs), budget, limits.IdleTimeout, time);
                transports.Add(tcp);
                tcp.Bind();
                udp.Add(new UdpListener(endpoint, responder, onError, UdpListener.DefaultLoops));
            }
        }
        catch
        {
            foreach (var u in udp)
                u.Dispose();
            foreach (var t in transports)
                t.Dispose();
            throw;
        }
        var server = new DnsServer([.. transports]);
        server.QueryReceived += async (_, e) =>
        {
            e.Response = e.Query switch
            {
                DnsMessage query => await resolver.AnswerAsync(query, e.RemoteEndpoint.Address, stopping),
                DnsUpdateMessage update => Refused(update),
                _ => null,
            };
        };
        server.ExceptionThrown += (_, e) =>
        {
            onError(e.Exception);
            return Task.CompletedTask;
        };
        server.Start();
        return new ResolverListener(server, transports, udp, endpoints);
    }

    /// <summary>A port free for UDP on <paramref name="address"/> now (it may be taken again before it is bound; callers retry).</summary>
    public static int FreePort(IPAddress address)
    {
        using var probe = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    static DnsUpdateMessage Refused(DnsUpdateMessage update)
    {
        var response = update.CreateResponseInstance();
        response.ReturnCode = ReturnCode.Refused;
        return response;
    }

    public void Dispose()
    {
        try
        {
            _server.Stop();
        }
        finally
        {
            foreach (var u in _udp)
                u.Dispose();
            foreach (var t in _transports)
                t.Dispose();
        }
    }
}
