using System.Net;

namespace Berth.Dns;

/// <summary>
/// Per-client limits: a token bucket of queries, a count of forwards waiting for an upstream and of open TCP
/// connections. Loopback callers are the host itself and are exempt (<see cref="ClientLimits.ExemptLoopback"/>);
/// their forwards still count against the total. Thread-safe; time comes from the injected clock.
/// </summary>
internal sealed class ClientBudget(ClientLimits limits, TimeProvider time)
{
    sealed class Client
    {
        public double Tokens;
        public long Refilled;
        public int Forwards;
        public int Connections;
    }

    readonly Dictionary<IPAddress, Client> _clients = [];
    int _forwards;

    /// <summary>Takes one query from the client's bucket; false when it has sent more than its rate allows.</summary>
    public bool TryQuery(IPAddress client)
    {
        if (Exempt(client))
            return true;
        lock (_clients)
        {
            var c = Get(client);
            var now = time.GetTimestamp();
            var elapsed = time.GetElapsedTime(c.Refilled, now).TotalSeconds;
            c.Tokens = Math.Min(limits.Burst, c.Tokens + elapsed * limits.QueriesPerSecond);
            c.Refilled = now;
            if (c.Tokens < 1)
                return false;
            c.Tokens--;
            return true;
        }
    }

    /// <summary>Reserves a forward for the client; false when it (or everyone) has too many waiting. Pair with <see cref="EndForward"/>.</summary>
    public bool TryBeginForward(IPAddress client)
    {
        lock (_clients)
        {
            var c = Get(client);
            if (_forwards >= limits.TotalForwardsInFlight || (!Exempt(client) && c.Forwards >= limits.ForwardsInFlight))
                return false;
            c.Forwards++;
            _forwards++;
            return true;
        }
    }

    public void EndForward(IPAddress client)
    {
        lock (_clients)
        {
            if (_clients.TryGetValue(client, out var c) && c.Forwards > 0)
                c.Forwards--;
            _forwards = Math.Max(0, _forwards - 1);
        }
    }

    /// <summary>Admits a TCP connection; false when the client has its share open. Pair with <see cref="CloseConnection"/>.</summary>
    public bool TryOpenConnection(IPAddress client)
    {
        lock (_clients)
        {
            var c = Get(client);
            if (!Exempt(client) && c.Connections >= limits.TcpConnections)
                return false;
            c.Connections++;
            return true;
        }
    }

    public void CloseConnection(IPAddress client)
    {
        lock (_clients)
        {
            if (_clients.TryGetValue(client, out var c) && c.Connections > 0)
                c.Connections--;
        }
    }

    /// <summary>Clients known now (for tests: the table stays bounded).</summary>
    public int Tracked
    {
        get
        {
            lock (_clients)
                return _clients.Count;
        }
    }

    bool Exempt(IPAddress client) => limits.ExemptLoopback && IPAddress.IsLoopback(client);

    Client Get(IPAddress client)
    {
        if (_clients.TryGetValue(client, out var c))
            return c;
        if (_clients.Count >= limits.TrackedClients)
            Forget();
        c = new Client { Tokens = limits.Burst, Refilled = time.GetTimestamp() };
        _clients[client] = c;
        return c;
    }

    /// <summary>Forgets clients with nothing open whose bucket has refilled (forgetting them gives them nothing they would not have).</summary>
    void Forget()
    {
        var now = time.GetTimestamp();
        var full = limits.Burst / limits.QueriesPerSecond;
        foreach (var (address, c) in _clients.ToList())
        {
            if (c.Forwards == 0 && c.Connections == 0 && time.GetElapsedTime(c.Refilled, now).TotalSeconds >= full)
                _clients.Remove(address);
        }
    }
}
