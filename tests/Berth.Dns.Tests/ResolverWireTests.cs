using System.Net.Sockets;
using Berth.Kernel.Networking;

namespace Berth.Dns.Tests;

/// <summary>The resolver over real UDP and TCP sockets, asked by dig (Debian's dnsutils), as a task or the host would.</summary>
public sealed class ResolverWireTests : IDisposable
{
    const string Zone = "internal.test";

    readonly InMemoryServiceRecords _records = new InMemoryServiceRecords()
        .Zone(Zone, negativeTtl: 24)
        .Add(new DnsRecord(DnsRecordType.A, "api.internal.test", 15, Address: "10.89.0.7"))
        .Add(new DnsRecord(DnsRecordType.A, "api.internal.test", 15, Address: "10.89.0.8"))
        .Add(new DnsRecord(DnsRecordType.Aaaa, "api.internal.test", 15, Address: "fd00::7"))
        .Add(new DnsRecord(DnsRecordType.Srv, "_http._tcp.api.internal.test", 30, Target: "i-1.api.internal.test", Port: 8080, Priority: 1, Weight: 1))
        .Add(new DnsRecord(DnsRecordType.Srv, "_http._tcp.api.internal.test", 30, Target: "i-2.api.internal.test", Port: 8081, Priority: 1, Weight: 1))
        .Add(new DnsRecord(DnsRecordType.A, "i-1.api.internal.test", 30, Address: "10.89.0.7"))
        .Add(new DnsRecord(DnsRecordType.A, "i-2.api.internal.test", 30, Address: "10.89.0.8"));

    readonly ResolverHarness _dns;

    public ResolverWireTests()
    {
        for (var i = 1; i <= 60; i++)
            _records.Add(new DnsRecord(DnsRecordType.A, "wide.internal.test", 10, Address: $"10.89.1.{i}"));
        _dns = ResolverHarness.Start(_records);
    }

    public void Dispose() => _dns.Dispose();

    [Fact]
    public async Task A_NameInANamespace_TheRecordsWithTheirTtlAuthoritatively()
    {
        var output = await _dns.DigAsync("api.internal.test", "A");

        Assert.Equal("NOERROR", Dig.Status(output));
        Assert.Contains("aa", Dig.Flags(output).Split(' '));
        var answers = Dig.Section(output, "ANSWER");
        Assert.Equal(["10.89.0.7", "10.89.0.8"], answers.Select(a => a[4]).Order());
        Assert.All(answers, a => Assert.Equal(["15", "IN", "A"], a[1..4]));
    }

    [Fact]
    public async Task Aaaa_NameInANamespace_TheIpv6Record()
    {
        var answers = Dig.Section(await _dns.DigAsync("api.internal.test", "AAAA"), "ANSWER");

        Assert.Equal(["api.internal.test.", "15", "IN", "AAAA", "fd00::7"], Assert.Single(answers));
    }

    [Fact]
    public async Task Srv_ServiceName_TargetsWithTheirAddressesInTheAdditionalSection()
    {
        var output = await _dns.DigAsync("_http._tcp.api.internal.test", "SRV");

        var answers = Dig.Section(output, "ANSWER");
        Assert.Equal(["1 1 8080 i-1.api.internal.test.", "1 1 8081 i-2.api.internal.test."], answers.Select(a => string.Join(' ', a[4..])).Order());
        Assert.All(answers, a => Assert.Equal("30", a[1]));
        var additional = Dig.Section(output, "ADDITIONAL").Where(a => a.Length == 5 && a[3] == "A").ToList();
        Assert.Equal(["i-1.api.internal.test. 10.89.0.7", "i-2.api.internal.test. 10.89.0.8"], additional.Select(a => $"{a[0]} {a[4]}").Order());
    }

    [Fact]
    public async Task NoSuchName_InsideANamespace_NxdomainWithTheZonesSoa()
    {
        var output = await _dns.DigAsync("gone.internal.test", "A");

        Assert.Equal("NXDOMAIN", Dig.Status(output));
        Assert.Empty(Dig.Section(output, "ANSWER"));
        var soa = Assert.Single(Dig.Section(output, "AUTHORITY"));
        Assert.Equal(["internal.test.", "24", "IN", "SOA"], soa[..4]);
        Assert.Equal("24", soa[^1]); // the negative-caching TTL (RFC 2308)
    }

    [Fact]
    public async Task TypeTheNameHasNoneOf_Nodata()
    {
        var output = await _dns.DigAsync("api.internal.test", "TXT");

        Assert.Equal("NOERROR", Dig.Status(output));
        Assert.Empty(Dig.Section(output, "ANSWER"));
        Assert.Equal("SOA", Assert.Single(Dig.Section(output, "AUTHORITY"))[3]);
    }

    [Fact]
    public async Task MixedCaseQuestion_AnsweredUnderTheNameAsAsked()
    {
        var answers = Dig.Section(await _dns.DigAsync("ApI.InTeRnAl.TeSt", "A"), "ANSWER");

        Assert.Equal(2, answers.Count);
        Assert.All(answers, a => Assert.Equal("ApI.InTeRnAl.TeSt.", a[0]));
    }

    [Fact]
    public async Task NameOutsideEveryNamespace_ForwardedToTheUpstream()
    {
        var output = await _dns.DigAsync(ResolverHarness.UpstreamName, "A");

        Assert.Equal("NOERROR", Dig.Status(output));
        Assert.DoesNotContain("aa", Dig.Flags(output).Split(' '));
        Assert.Contains("ra", Dig.Flags(output).Split(' '));
        Assert.Equal([ResolverHarness.UpstreamName + ".", "300", "IN", "A", ResolverHarness.UpstreamAddress], Assert.Single(Dig.Section(output, "ANSWER")));
        Assert.Equal("NXDOMAIN", Dig.Status(await _dns.DigAsync("nothing.example", "A")));
    }

    [Fact]
    public async Task LargeLocalAnswer_TruncatedOverUdp_CompleteOverTcp()
    {
        var udp = await _dns.DigAsync("wide.internal.test", "A", "+ignore", "+noedns");
        var retried = await _dns.DigAsync("wide.internal.test", "A", "+noedns");

        Assert.Contains("tc", Dig.Flags(udp).Split(' '));
        Assert.True(Dig.Section(udp, "ANSWER").Count < 60);
        Assert.Contains("Truncated, retrying in TCP mode", retried, StringComparison.Ordinal);
        Assert.Equal(60, Dig.Section(retried, "ANSWER").Count);
    }

    [Fact]
    public async Task LargeForwardedAnswer_CompleteOverTcp()
    {
        var output = await _dns.DigAsync(ResolverHarness.UpstreamManyName, "A", "+tcp");

        Assert.Equal(60, Dig.Section(output, "ANSWER").Count);
    }

    [Fact]
    public async Task BadPackets_IgnoredWithoutAnAnswer_TheNextQueryAnswered()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(_dns.Endpoint);
        var garbage = new byte[] { 0xde, 0xad, 0xbe, 0xef, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
        var runt = new byte[] { 0x12, 0x34, 0x01 };
        var response = Query(0x4242, "api.internal.test");
        response[2] |= 0x80; // QR: a response sent to the server must not be answered (two servers would answer each other forever)
        foreach (var bad in new[] { garbage, runt, response, new byte[600] })
            await socket.SendAsync(bad);
        await socket.SendAsync(Query(0x0707, "api.internal.test"));

        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = await socket.ReceiveAsync(buffer, timeout.Token);

        Assert.True(received >= 12);
        Assert.Equal(0x0707, buffer[0] << 8 | buffer[1]); // the first datagram back answers the good query
        Assert.Equal("NOERROR", Dig.Status(await _dns.DigAsync("api.internal.test", "A")));
    }

    [Fact]
    public async Task TcpConnectionLeftIdle_ClosedByTheServer()
    {
        using var dns = ResolverHarness.Start(_records, limits: new ClientLimits(TcpIdleTimeout: TimeSpan.FromMilliseconds(300), ExemptLoopback: false));
        using var client = new TcpClient();
        await client.ConnectAsync(dns.Endpoint);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var read = await client.GetStream().ReadAsync(new byte[16], timeout.Token);

        Assert.Equal(0, read); // the server closed it
    }

    [Fact]
    public async Task TooManyTcpConnectionsFromOneClient_TheExtraOneIsClosed()
    {
        using var dns = ResolverHarness.Start(_records, limits: new ClientLimits(TcpConnections: 2, ExemptLoopback: false));
        using var first = new TcpClient();
        using var second = new TcpClient();
        using var third = new TcpClient();
        await first.ConnectAsync(dns.Endpoint);
        await second.ConnectAsync(dns.Endpoint);
        await third.ConnectAsync(dns.Endpoint);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var read = await third.GetStream().ReadAsync(new byte[16], timeout.Token);

        Assert.Equal(0, read);
        // The two admitted ones still answer.
        await first.GetStream().WriteAsync(Framed(Query(0x0101, "api.internal.test")), timeout.Token);
        var answer = new byte[2];
        await first.GetStream().ReadExactlyAsync(answer, timeout.Token);
        Assert.True((answer[0] << 8 | answer[1]) > 12);
    }

    [Fact]
    public async Task ClientOverItsRate_UdpQueriesDropped_UntilTheBucketRefills()
    {
        using var dns = ResolverHarness.Start(_records, limits: new ClientLimits(QueriesPerSecond: 0.001, Burst: 2, ExemptLoopback: false));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(dns.Endpoint);
        for (ushort id = 1; id <= 3; id++)
            await socket.SendAsync(Query(id, "api.internal.test"));
        await socket.SendAsync(Query(4, "api.internal.test"));

        var ids = new List<int>();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            while (true)
            {
                await socket.ReceiveAsync(buffer, timeout.Token);
                ids.Add(buffer[0] << 8 | buffer[1]);
            }
        }
        catch (OperationCanceledException)
        {
            // no more answers are coming
        }

        Assert.Equal([1, 2], ids.Order());
    }

    /// <summary>A minimal query for an A record, as a stub resolver sends it.</summary>
    internal static byte[] Query(ushort id, string name)
    {
        var bytes = new List<byte> { (byte)(id >> 8), (byte)id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 };
        foreach (var label in name.Split('.'))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(label));
        }
        bytes.AddRange([0, 0, 1, 0, 1]);
        return [.. bytes];
    }

    static byte[] Framed(byte[] message) => [(byte)(message.Length >> 8), (byte)message.Length, .. message];
}
