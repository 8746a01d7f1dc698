using System.Net;
using ARSoft.Tools.Net.Dns;

namespace Berth.Dns;

/// <summary>
/// Puts the per-client limits in front of ARSoft's TCP transport (UDP has its own, <see cref="UdpListener"/>): a
/// client gets a bounded number of connections, each closed when idle, when it floods (over its query rate), when it
/// sends anything that is not a query (a response, a runt: two servers must not answer each other forever), or when
/// the client is done with it.
/// </summary>
internal sealed class GuardedTransport(IServerTransport inner, ClientBudget budget, TimeSpan idleTimeout, TimeProvider time) : IServerTransport
{
    const int HeaderLength = 12;

    public ushort DefaultAllowedResponseSize => inner.DefaultAllowedResponseSize;
    public bool SupportsMultipleResponses => inner.SupportsMultipleResponses;
    public bool AllowTruncatedResponses => inner.AllowTruncatedResponses;
    public TransportProtocol TransportProtocol => inner.TransportProtocol;

    bool _bound;

    /// <summary>Binds once: the listener binds every transport first (to fall back as a whole), then the server binds again.</summary>
    public void Bind()
    {
        if (_bound)
            return;
        inner.Bind();
        _bound = true;
    }

    public void Close() => inner.Close();

    public void Dispose() => inner.Dispose();

    public async Task<IServerConnection?> AcceptConnectionAsync(CancellationToken token = default)
    {
        var connection = await inner.AcceptConnectionAsync(token);
        if (connection is null)
            return null;
        var client = connection.RemoteEndPoint.Address;
        if (!budget.TryOpenConnection(client))
        {
            connection.Dispose();
            return null;
        }
        return new Stream(this, connection, client, budget, idleTimeout, time);
    }

    /// <summary>A DNS header with QR clear: a query (the library answers anything it can parse, responses too).</summary>
    static bool IsQuery(DnsRawPackage package)
    {
        var bytes = package.ToArraySegment(false);
        return bytes.Count >= HeaderLength && (bytes[2] & 0x80) == 0;
    }

    /// <summary>
    /// A TCP connection. The library stops reading an idle or finished connection without closing it; this closes it
    /// (after a grace period for answers still being written) and gives the client's slot back, once.
    /// </summary>
    sealed class Stream(GuardedTransport transport, IServerConnection inner, IPAddress client, ClientBudget budget, TimeSpan idleTimeout, TimeProvider time) : IServerConnection
    {
        int _closed;

        public IServerTransport Transport => transport;
        public IPEndPoint RemoteEndPoint => inner.RemoteEndPoint;
        public IPEndPoint LocalEndPoint => inner.LocalEndPoint;
        public bool CanRead => _closed == 0 && inner.CanRead;

        public Task<bool> InitializeAsync(CancellationToken token = default) => inner.InitializeAsync(token);

        public async Task<DnsReceivedRawPackage?> ReceiveAsync(CancellationToken token = default)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(token);
            idle.CancelAfter(idleTimeout);
            DnsReceivedRawPackage? package = null;
            try
            {
                package = await inner.ReceiveAsync(idle.Token).WaitAsync(idleTimeout, time, token);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                // idle: close below
            }
            if (package is not null && IsQuery(package) && budget.TryQuery(client))
                return package;
            CloseSoon();
            return null;
        }

        public Task<bool> SendAsync(DnsRawPackage package, CancellationToken token = default) => inner.SendAsync(package, token);

        void CloseSoon()
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0)
                return;
            budget.CloseConnection(client);
            // Answers to queries already read may still be on their way out.
            _ = Task.Delay(TimeSpan.FromSeconds(2), time).ContinueWith(_ => inner.Dispose(), TaskScheduler.Default);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
                budget.CloseConnection(client);
            inner.Dispose();
        }
    }
}
