using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using ARSoft.Tools.Net.Dns.DynamicUpdate;
using Berth.Kernel.Networking;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Dns.Tests;

/// <summary>One datagram in, the datagram UDP sends back out (no sockets): the guard, truncation and the odd messages.</summary>
public sealed class DatagramResponderTests : IDisposable
{
    static readonly IPAddress Task1 = IPAddress.Parse("10.89.0.7");

    readonly InMemoryServiceRecords _records = new InMemoryServiceRecords()
        .Zone("internal.test")
        .Add(new DnsRecord(DnsRecordType.A, "api.internal.test", 15, Address: "10.89.0.7"));

    readonly List<IDisposable> _owned = [];

    public DatagramResponderTests()
    {
        for (var i = 1; i <= 100; i++)
            _records.Add(new DnsRecord(DnsRecordType.A, "wide.internal.test", 10, Address: $"10.89.1.{i}"));
    }

    public void Dispose()
    {
        foreach (var d in _owned)
            d.Dispose();
    }

    DatagramResponder Responder(ClientLimits? limits = null, TimeProvider? time = null, IReadOnlyList<IPAddress>? upstreams = null, int upstreamPort = 53)
    {
        time ??= TimeProvider.System;
        var budget = new ClientBudget(limits ?? new ClientLimits(), time);
        var forwarder = new Forwarder(upstreams ?? [], upstreamPort, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(1), budget);
        _owned.Add(forwarder);
        return new DatagramResponder(new TaskResolver(_records, new VpcCache(null, TimeSpan.FromSeconds(5), time), forwarder), budget, _ => { }, CancellationToken.None);
    }

    static ArraySegment<byte> Query(string name, RecordType type = RecordType.A, ushort? ednsSize = null, ushort id = 0x1234)
    {
        var query = new DnsMessage { TransactionID = id, IsRecursionDesired = true, Questions = [new DnsQuestion(DomainName.Parse(name), type, RecordClass.INet)] };
        if (ednsSize is { } size)
        {
            query.IsEDnsEnabled = true;
            query.EDnsOptions!.UdpPayloadSize = size;
        }
        return ResponseWire.Encode(query);
    }

    static DnsMessage Parse(ArraySegment<byte> answer) => DnsMessage.Parse(answer);

    [Fact]
    public async Task AnswerAsync_LocalName_AnsweredBeforeReturning()
    {
        var pending = Responder().AnswerAsync(Query("api.internal.test"), Task1);

        Assert.True(pending.IsCompletedSuccessfully); // no hop: the receive loop sends it at once
        var answer = Parse(await pending);
        Assert.Equal(0x1234, answer.TransactionID);
        Assert.Equal("10.89.0.7", ((ARecord)Assert.Single(answer.AnswerRecords)).Address.ToString());
    }

    [Fact]
    public async Task AnswerAsync_Garbage_NoAnswer()
    {
        // A query header announcing one question, then a label running past the end.
        var garbage = new byte[] { 0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 63, (byte)'a', (byte)'b' };
        var responder = Responder();

        Assert.Equal(0, (await responder.AnswerAsync(garbage, Task1)).Count);
        Assert.Equal(0, (await responder.AnswerAsync(new byte[] { 1, 2, 3 }, Task1)).Count); // a runt
        Assert.Equal(0, (await responder.AnswerAsync(new byte[600], Task1)).Count); // no question
        Assert.NotEqual(0, (await responder.AnswerAsync(Query("api.internal.test"), Task1)).Count);
    }

    [Fact]
    public async Task AnswerAsync_AResponseSentToUs_NoAnswer()
    {
        var response = Query("api.internal.test").ToArray();
        response[2] |= 0x80;

        Assert.Equal(0, (await Responder().AnswerAsync(response, Task1)).Count);
    }

    [Fact]
    public async Task AnswerAsync_AnswerOver512BytesWithoutEdns_TruncatedToFitWithTc()
    {
        var answer = await Responder().AnswerAsync(Query("wide.internal.test"), Task1);

        Assert.InRange(answer.Count, 12, 512);
        var message = Parse(answer);
        Assert.True(message.IsTruncated);
        Assert.InRange(message.AnswerRecords.Count, 1, 99); // as many as fit: a stub may use them meanwhile
    }

    [Fact]
    public async Task AnswerAsync_EdnsOfferAboveTheCap_TruncatedAt1232Bytes()
    {
        // 100 addresses are about 1.6 KB: over the 1232 bytes offered at most, whatever the client offers.
        var answer = await Responder().AnswerAsync(Query("wide.internal.test", ednsSize: 4096), Task1);

        Assert.InRange(answer.Count, 513, Answers.MaxUdpPayload);
        var message = Parse(answer);
        Assert.True(message.IsTruncated);
        Assert.True(message.IsEDnsEnabled); // the OPT record stays
    }

    [Fact]
    public async Task AnswerAsync_AnswerWithinTheEdnsOffer_WholeWithoutTc()
    {
        _records.Add(new DnsRecord(DnsRecordType.A, "mid.internal.test", 10, Address: "10.89.2.1"));
        for (var i = 2; i <= 40; i++)
            _records.Add(new DnsRecord(DnsRecordType.A, "mid.internal.test", 10, Address: $"10.89.2.{i}"));

        var message = Parse(await Responder().AnswerAsync(Query("mid.internal.test", ednsSize: 1232), Task1));

        Assert.False(message.IsTruncated);
        Assert.Equal(40, message.AnswerRecords.Count);
    }

    [Fact]
    public async Task AnswerAsync_ClientOverItsRate_DroppedUntilTheBucketRefills()
    {
        var time = new FakeTimeProvider();
        var responder = Responder(new ClientLimits(QueriesPerSecond: 1, Burst: 2), time);

        Assert.NotEqual(0, (await responder.AnswerAsync(Query("api.internal.test"), Task1)).Count);
        Assert.NotEqual(0, (await responder.AnswerAsync(Query("api.internal.test"), Task1)).Count);
        Assert.Equal(0, (await responder.AnswerAsync(Query("api.internal.test"), Task1)).Count);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.NotEqual(0, (await responder.AnswerAsync(Query("api.internal.test"), Task1)).Count);
    }

    [Fact]
    public async Task AnswerAsync_ForwardsOverTheClientsShare_ServfailAtOnce()
    {
        // An upstream that never answers holds the client's only forward; the next one is refused at once.
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var responder = Responder(new ClientLimits(ForwardsInFlight: 1), upstreams: [IPAddress.Loopback], upstreamPort: ((IPEndPoint)silent.LocalEndPoint!).Port);

        var first = responder.AnswerAsync(Query("outside.example", id: 1), Task1);
        var second = await responder.AnswerAsync(Query("outside.example", id: 2), Task1);

        Assert.False(first.IsCompleted); // a forward goes async: the receive loop does not wait for it
        Assert.Equal(ReturnCode.ServerFailure, Parse(second).ReturnCode);
        Assert.Equal(2, Parse(second).TransactionID);
        var late = Parse(await first); // the deadline: SERVFAIL, never silence
        Assert.Equal(ReturnCode.ServerFailure, late.ReturnCode);
        Assert.Equal(1, late.TransactionID);
    }

    [Fact]
    public async Task AnswerAsync_DynamicUpdate_Refused()
    {
        var update = new DnsUpdateMessage { TransactionID = 7, ZoneName = DomainName.Parse("internal.test") };

        var answer = DnsUpdateMessage.Parse([.. await Responder().AnswerAsync(ResponseWire.Encode(update), Task1)]);

        Assert.Equal(ReturnCode.Refused, answer.ReturnCode);
        Assert.Equal(7, answer.TransactionID);
    }

    [Fact]
    public async Task AnswerAsync_SignedQuery_NotAuthoritativeWithTheTsigError()
    {
        var query = new DnsMessage { TransactionID = 9, Questions = [new DnsQuestion(DomainName.Parse("api.internal.test"), RecordType.A, RecordClass.INet)] };
        query.TSigOptions = new TSigRecord(DomainName.Parse("key.example"), TSigAlgorithm.Sha256, DateTime.UtcNow, TimeSpan.FromMinutes(5), 9, ReturnCode.NoError, null, new byte[32]);

        var answer = Parse(await Responder().AnswerAsync(ResponseWire.Encode(query), Task1));

        Assert.Equal(ReturnCode.NotAuthoritive, answer.ReturnCode);
        Assert.Empty(answer.AnswerRecords);
        Assert.Equal(ReturnCode.BadKey, answer.TSigOptions?.Error);
    }
}
