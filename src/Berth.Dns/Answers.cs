using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Berth.Kernel.Networking;

namespace Berth.Dns;

/// <summary>
/// Responses as pure functions of the question and what Cloud Map (or the upstream) said: authoritative answers for
/// the private namespaces with Route 53's SOA, negative answers as RFC 2308 has them, and forwarded answers passed on.
/// </summary>
internal static class Answers
{
    /// <summary>The largest UDP response offered (DNS flag day 2020): no fragments, and little to amplify.</summary>
    public const ushort MaxUdpPayload = 1232;

    // What Route 53 private hosted zones (which Cloud Map namespaces are) put in their SOA.
    static readonly DomainName PrimaryServer = DomainName.Parse("ns-1536.awsdns-00.co.uk");
    static readonly DomainName Hostmaster = DomainName.Parse("awsdns-hostmaster.amazon.com");

    /// <summary>The record type Cloud Map serves for a DNS type; null for the types it has none of.</summary>
    public static DnsRecordType? Kind(RecordType type) => type switch
    {
        RecordType.A => DnsRecordType.A,
        RecordType.Aaaa => DnsRecordType.Aaaa,
        RecordType.Srv => DnsRecordType.Srv,
        _ => null,
    };

    /// <summary>The name as Cloud Map looks it up: fully qualified, no trailing dot.</summary>
    public static string LookupName(DomainName name) => name.ToString(false);

    /// <summary>An empty response to <paramref name="query"/> with its id, flags and question, offering at most <see cref="MaxUdpPayload"/>.</summary>
    public static DnsMessage Empty(DnsMessage query, ReturnCode code = ReturnCode.NoError)
    {
        var response = query.CreateResponseInstance();
        response.IsRecursionAllowed = true;
        response.ReturnCode = code;
        if (response.EDnsOptions is { } opt)
            opt.UdpPayloadSize = Math.Clamp(opt.UdpPayloadSize, (ushort)512, MaxUdpPayload);
        return response;
    }

    /// <summary>
    /// The answer from a private namespace: the records of the asked type (owned by the name as asked, so 0x20-mixed
    /// case survives), SRV targets' addresses in the additional section; NXDOMAIN or NODATA with the zone's SOA.
    /// </summary>
    public static DnsMessage Local(DnsMessage query, DnsQuestion question, DnsAnswer answer, IReadOnlyList<DnsRecord> additional)
    {
        var response = Empty(query, answer.NameExists ? ReturnCode.NoError : ReturnCode.NxDomain);
        response.IsAuthoritiveAnswer = true;
        if (answer.NameExists)
        {
            if (question.RecordType is RecordType.Soa or RecordType.Any && SameName(question.Name, answer.Zone))
                response.AnswerRecords.Add(Soa(answer));
            if (Kind(question.RecordType) is { } kind)
            {
                foreach (var r in answer.Records.Where(r => r.Type == kind))
                {
                    if (Record(question.Name, r) is { } record)
                        response.AnswerRecords.Add(record);
                }
            }
            foreach (var r in additional)
            {
                if (DomainName.TryParse(r.Name, out var owner) && Record(owner!, r) is { } record)
                    response.AdditionalRecords.Add(record);
            }
        }
        if (response.AnswerRecords.Count == 0)
            response.AuthorityRecords.Add(Soa(answer));
        return response;
    }

    /// <summary>An upstream's answer, passed on under the client's id, flags and offered size.</summary>
    public static DnsMessage Forwarded(DnsMessage query, DnsMessage upstream)
    {
        var response = Empty(query, upstream.ReturnCode);
        response.IsAuthenticData = upstream.IsAuthenticData;
        response.IsTruncated = upstream.IsTruncated;
        response.AnswerRecords.AddRange(upstream.AnswerRecords);
        response.AuthorityRecords.AddRange(upstream.AuthorityRecords);
        response.AdditionalRecords.AddRange(upstream.AdditionalRecords.Where(r => r.RecordType is not (RecordType.Opt or RecordType.TSig)));
        return response;
    }

    /// <summary>The question to send upstream: the client's, recursion desired, EDNS when the client used it.</summary>
    public static DnsMessage Upstream(DnsMessage query)
    {
        var outgoing = new DnsMessage
        {
            IsRecursionDesired = true,
            IsCheckingDisabled = query.IsCheckingDisabled,
            Questions = [.. query.Questions],
        };
        if (query.IsEDnsEnabled)
        {
            outgoing.IsEDnsEnabled = true;
            outgoing.EDnsOptions!.UdpPayloadSize = MaxUdpPayload;
            outgoing.IsDnsSecOk = query.IsDnsSecOk;
        }
        return outgoing;
    }

    static SoaRecord Soa(DnsAnswer answer)
    {
        var ttl = Math.Max(0, answer.NegativeTtlSeconds);
        return new SoaRecord(DomainName.Parse(answer.Zone), ttl, PrimaryServer, Hostmaster, 1, 7200, 900, 1209600, ttl);
    }

    static bool SameName(DomainName name, string zone) => string.Equals(name.ToString(false), zone.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);

    /// <summary>One record as DNS writes it; null for a record whose data does not parse (it is left out, not answered wrongly).</summary>
    static DnsRecordBase? Record(DomainName owner, DnsRecord r)
    {
        var ttl = Math.Max(0, r.TtlSeconds);
        switch (r.Type)
        {
            case DnsRecordType.A when IPAddress.TryParse(r.Address, out var v4) && v4.AddressFamily == AddressFamily.InterNetwork:
                return new ARecord(owner, ttl, v4);
            case DnsRecordType.Aaaa when IPAddress.TryParse(r.Address, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6:
                return new AaaaRecord(owner, ttl, v6);
            case DnsRecordType.Srv when r.Target is not null && DomainName.TryParse(r.Target, out var target) && r.Port is > 0 and <= ushort.MaxValue:
                return new SrvRecord(owner, ttl, (ushort)Math.Clamp(r.Priority, 0, ushort.MaxValue), (ushort)Math.Clamp(r.Weight, 0, ushort.MaxValue), (ushort)r.Port, target!);
            default:
                return null;
        }
    }
}
