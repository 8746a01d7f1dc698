using System.Net;
using System.Net.Sockets;
using Berth.Kernel.Networking;

namespace Berth.Dns.Tests;

/// <summary>The UDP receive loops on a real socket: they answer, survive what they are sent, and let go of the port.</summary>
public sealed class UdpListenerTests : IDisposable
{
    readonly InMemoryServiceRecords _records = new InMemoryServiceRecords()
        .Zone("internal.test")
        .Add(new DnsRecord(DnsRecordType.A, "api.internal.test", 15, Address: "10.89.0.7"));

    readonly Forwarder _forwarder;
    readonly DatagramResponder _responder;

    public UdpListenerTests()
    {
        var budget = new ClientBudget(new ClientLimits(), TimeProvider.System);
        _forwarder = new Forwarder([], 53, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), budget);
        _responder = new DatagramResponder(new TaskResolver(_records, new VpcCache(null, TimeSpan.FromSeconds(5), TimeProvider.System), _forwarder), budget, _ => { }, CancellationToken.None);
    }

    public void Dispose() => _forwarder.Dispose();

    UdpListener Listen(int loops = 2) => new(new IPEndPoint(IPAddress.Loopback, 0), _responder, _ => { }, loops);

    static async Task<int> AskAsync(IPEndPoint server, ushort id)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Connect(server);
        await client.SendAsync(ResolverWireTests.Query(id, "api.internal.test"));
        var buffer = new byte[512];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ReceiveAsync(buffer, timeout.Token);
        return buffer[0] << 8 | buffer[1];
    }

    [Fact]
    public async Task Listener_ManyClientsAtOnce_EachGetsItsOwnAnswer()
    {
        using var listener = Listen();

        var ids = await Task.WhenAll(Enumerable.Range(1, 32).Select(i => AskAsync(listener.Endpoint, (ushort)i)));

        Assert.Equal(Enumerable.Range(1, 32), ids);
    }

    [Fact]
    public async Task Listener_GarbageThenAQuery_TheQueryAnswered()
    {
        using var listener = Listen(loops: 1); // one loop: it must have survived the garbage to answer
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Connect(listener.Endpoint);
        await client.SendAsync(new byte[] { 0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 63, 1 });
        await client.SendAsync(new byte[70_000 / 2]); // bigger than any query, no question

        Assert.Equal(0x0909, await AskAsync(listener.Endpoint, 0x0909));
    }

    [Fact]
    public void Dispose_ClosesTheSocket_LoopsEndAndThePortCanBeBoundAgain()
    {
        var listener = Listen();
        var endpoint = listener.Endpoint;

        listener.Dispose();

        Assert.True(listener.Stopped); // each loop woke from its blocked receive
        using var again = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        again.Bind(endpoint); // throws AddressAlreadyInUse while any loop's socket is open
        Assert.Equal(endpoint, again.LocalEndPoint);
    }

    [Fact]
    public void Constructor_PortTaken_ThrowsAndHoldsNothing()
    {
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        var e = Assert.Throws<SocketException>(() => new UdpListener((IPEndPoint)squatter.LocalEndPoint!, _responder, _ => { }, 2));

        Assert.Equal(SocketError.AddressAlreadyInUse, e.SocketErrorCode);
    }
}
