using System.Net;
using ARSoft.Tools.Net.Dns;
using Berth.Kernel.Networking;

namespace Berth.Dns;

/// <summary>
/// The resolver's decision for one query, apart from any socket: names of a private namespace visible to the
/// client's VPC are answered from Cloud Map's records; everything else goes to the host's resolvers.
/// </summary>
internal sealed class TaskResolver(IServiceRecords? records, VpcCache vpcs, Forwarder forwarder)
{
    public async Task<DnsMessage> AnswerAsync(DnsMessage query, IPAddress client, CancellationToken ct)
    {
        if (!query.IsQuery)
            return Answers.Empty(query, ReturnCode.FormatError);
        if (query.OperationCode != OperationCode.Query)
            return Answers.Empty(query, ReturnCode.NotImplemented);
        if (query.Questions.Count != 1)
            return Answers.Empty(query, ReturnCode.FormatError);
        var question = query.Questions[0];
        if (records is not null && question.RecordClass is RecordClass.INet or RecordClass.Any)
        {
            var vpc = await vpcs.VpcOfAsync(client, ct);
            var name = Answers.LookupName(question.Name);
            // A type Cloud Map has no records of still needs to know whether the name is in a namespace (NODATA vs NXDOMAIN).
            var answer = await records.LookupAsync(name, Answers.Kind(question.RecordType) ?? DnsRecordType.A, vpc, ct);
            if (answer is not null)
            {
                if (question.RecordType is RecordType.Axfr or RecordType.Ixfr)
                    return Answers.Empty(query, ReturnCode.Refused);
                return Answers.Local(query, question, answer, await AdditionalAsync(question, answer, vpc, ct));
            }
        }
        return await forwarder.ForwardAsync(query, client, ct);
    }

    /// <summary>The addresses of SRV targets, so a client needs no second round trip (each target once).</summary>
    async Task<IReadOnlyList<DnsRecord>> AdditionalAsync(DnsQuestion question, DnsAnswer answer, string? vpc, CancellationToken ct)
    {
        if (question.RecordType != RecordType.Srv)
            return [];
        var additional = new List<DnsRecord>();
        foreach (var target in answer.Records.Where(r => r.Type == DnsRecordType.Srv && r.Target is not null).Select(r => r.Target!).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            foreach (var type in new[] { DnsRecordType.A, DnsRecordType.Aaaa })
            {
                if (await records!.LookupAsync(target.TrimEnd('.'), type, vpc, ct) is { NameExists: true } found)
                    additional.AddRange(found.Records.Where(r => r.Type == type));
            }
        }
        return additional;
    }
}
