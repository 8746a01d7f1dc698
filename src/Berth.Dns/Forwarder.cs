using System.Net;
using ARSoft.Tools.Net.Dns;

namespace Berth.Dns;

/// <summary>
/// Asks the host's resolvers what no private namespace holds. Bounded: per client and in total (a task flooding
/// unknown names gets SERVFAIL, not a queue), and in time (after the deadline the client gets SERVFAIL and its
/// resolver may retry; it is never left waiting).
/// </summary>
internal sealed class Forwarder : IDisposable
{
    readonly DnsClient? _client;
    readonly ClientBudget _budget;
    readonly TimeSpan _deadline;

    public Forwarder(IReadOnlyList<IPAddress> upstreams, int port, TimeSpan tryTimeout, TimeSpan deadline, ClientBudget budget)
    {
        _budget = budget;
        _deadline = deadline;
        Upstreams = upstreams;
        if (upstreams.Count > 0)
        {
            // UDP first, TCP when the answer is truncated (or UDP gets nothing back).
            _client = new DnsClient(upstreams, [new UdpClientTransport(port), new TcpClientTransport(port)], disposeTransport: true, (int)tryTimeout.TotalMilliseconds);
        }
    }

    public IReadOnlyList<IPAddress> Upstreams { get; }

    public async Task<DnsMessage> ForwardAsync(DnsMessage query, IPAddress client, CancellationToken ct)
    {
        if (_client is null || !_budget.TryBeginForward(client))
            return Answers.Empty(query, ReturnCode.ServerFailure);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(_deadline);
            var upstream = await _client.SendMessageAsync(Answers.Upstream(query), deadline.Token).WaitAsync(deadline.Token);
            return upstream is null ? Answers.Empty(query, ReturnCode.ServerFailure) : Answers.Forwarded(query, upstream);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Answers.Empty(query, ReturnCode.ServerFailure);
        }
        finally
        {
            _budget.EndForward(client);
        }
    }

    public void Dispose() => ((IDisposable?)_client)?.Dispose();
}
