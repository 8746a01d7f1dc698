using Berth.Kernel.Networking;

namespace Berth.ServiceDiscovery.Dns;

/// <summary>
/// Cloud Map's DNS records for the task resolver, from the in-memory registry index (no store read per query once it is
/// fresh). <paramref name="random"/> picks the answers of MULTIVALUE and WEIGHTED services; tests pass a seeded one.
/// </summary>
sealed class ServiceRecords(RegistryIndex index, Random random) : IServiceRecords
{
    public async Task<DnsAnswer?> LookupAsync(string name, DnsRecordType type, string? vpcId, CancellationToken ct) =>
        DnsAnswers.Answer(await index.GetAsync(ct), name, type, vpcId, random);
}
