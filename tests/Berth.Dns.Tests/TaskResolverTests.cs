using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Berth.Kernel.Networking;

namespace Berth.Dns.Tests;

/// <summary>The resolver's decisions, asked directly (no sockets): which namespaces a client sees, and odd questions.</summary>
public sealed class TaskResolverTests : IDisposable
{
    static readonly IPAddress InVpcA = IPAddress.Parse("10.0.0.9");
    static readonly IPAddress InVpcB = IPAddress.Parse("10.1.0.9");

    readonly InMemoryServiceRecords _records = new InMemoryServiceRecords()
        .Zone("a.internal", vpcId: "vpc-a")
        .Add(new DnsRecord(DnsRecordType.A, "api.a.internal", 15, Address: "10.0.0.7"));

    readonly Forwarder _noUpstream;
    readonly TaskResolver _resolver;

    public TaskResolverTests()
    {
        _noUpstream = new Forwarder([], 53, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), new ClientBudget(new ClientLimits(), TimeProvider.System));
        var networks = TestVpcs.AAndB();
        _resolver = new TaskResolver(_records, new VpcCache(networks, TimeSpan.FromSeconds(5), TimeProvider.System), _noUpstream);
    }

    public void Dispose() => _noUpstream.Dispose();

    [Fact]
    public async Task AnswerAsync_NamespaceOfTheClientsVpc_Answered()
    {
        var response = await _resolver.AnswerAsync(Query("api.a.internal", RecordType.A), InVpcA, default);

        Assert.Equal(ReturnCode.NoError, response.ReturnCode);
        Assert.Equal("10.0.0.7", ((ARecord)Assert.Single(response.AnswerRecords)).Address.ToString());
    }

    [Fact]
    public async Task AnswerAsync_NamespaceOfAnotherVpc_NotAnsweredFromIt()
    {
        // Not visible to vpc-b: the name is forwarded like any other (no upstream here, hence SERVFAIL, not the record).
        var response = await _resolver.AnswerAsync(Query("api.a.internal", RecordType.A), InVpcB, default);

        Assert.Equal(ReturnCode.ServerFailure, response.ReturnCode);
        Assert.Empty(response.AnswerRecords);
    }

    [Fact]
    public async Task AnswerAsync_TheHost_SeesEveryNamespace()
    {
        var response = await _resolver.AnswerAsync(Query("api.a.internal", RecordType.A), IPAddress.Loopback, default);

        Assert.Single(response.AnswerRecords);
    }

    [Fact]
    public async Task AnswerAsync_ZoneTransfer_Refused()
    {
        var response = await _resolver.AnswerAsync(Query("a.internal", RecordType.Axfr), InVpcA, default);

        Assert.Equal(ReturnCode.Refused, response.ReturnCode);
    }

    [Fact]
    public async Task AnswerAsync_SoaOfTheZoneApex_TheSoa()
    {
        var response = await _resolver.AnswerAsync(Query("a.internal", RecordType.Soa), InVpcA, default);

        Assert.IsType<SoaRecord>(Assert.Single(response.AnswerRecords));
    }

    [Fact]
    public async Task AnswerAsync_TwoQuestionsOrAnotherOpcode_FormatErrorOrNotImplemented()
    {
        var two = Query("api.a.internal", RecordType.A);
        two.Questions.Add(new DnsQuestion(DomainName.Parse("api.a.internal"), RecordType.Aaaa, RecordClass.INet));
        var notify = Query("a.internal", RecordType.Soa);
        notify.OperationCode = OperationCode.Notify;

        Assert.Equal(ReturnCode.FormatError, (await _resolver.AnswerAsync(two, InVpcA, default)).ReturnCode);
        Assert.Equal(ReturnCode.NotImplemented, (await _resolver.AnswerAsync(notify, InVpcA, default)).ReturnCode);
    }

    [Fact]
    public async Task AnswerAsync_ClientOfferingAHugeUdpSize_OfferedNoMoreThan1232()
    {
        var query = Query("api.a.internal", RecordType.A);
        query.IsEDnsEnabled = true;
        query.EDnsOptions!.UdpPayloadSize = 65000;

        var response = await _resolver.AnswerAsync(query, InVpcA, default);

        Assert.Equal(Answers.MaxUdpPayload, response.EDnsOptions!.UdpPayloadSize);
    }

    static DnsMessage Query(string name, RecordType type) => new()
    {
        IsRecursionDesired = true,
        Questions = [new DnsQuestion(DomainName.Parse(name), type, RecordClass.INet)],
    };
}
