using Berth.Ecs.Validation;
using Berth.TestSupport;
using static Berth.Ecs.Tests.Support.Defs;

namespace Berth.Ecs.Tests.Validation;

/// <summary>dnsServers and dnsSearchDomains, which become the container's resolv.conf.</summary>
public sealed class DnsSettingsValidationTests
{
    [Fact]
    public void Normalize_AddressesAndDomains_Accepted()
    {
        var c = Container("app");
        c.DnsServers = ["10.0.0.2", "fd00::53", "2001:db8::1"];
        c.DnsSearchDomains = ["corp.example", "svc.cluster-1.local"];

        var n = ContainerDefinitionValidator.Normalize(c, "awsvpc");

        Assert.Equal(["10.0.0.2", "fd00::53", "2001:db8::1"], n.DnsServers);
        Assert.Equal(["corp.example", "svc.cluster-1.local"], n.DnsSearchDomains);
    }

    [Theory]
    [InlineData("dns.example")]
    [InlineData("10.0.0")]
    [InlineData("10.0.0.256")]
    [InlineData("1")]
    [InlineData("")]
    [InlineData("fe80::1%eth0")]
    public void Normalize_DnsServerNotAnAddress_RefusedNamingIt(string server)
    {
        var c = Container("app");
        c.DnsServers = [server];

        AwsAssert.Refused(() => ContainerDefinitionValidator.Normalize(c, "awsvpc"), "ClientException", "dnsServers", $"'{server}'");
    }

    [Fact]
    public void Normalize_MoreThanThreeDnsServers_Refused()
    {
        var c = Container("app");
        c.DnsServers = ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"];

        AwsAssert.Refused(() => ContainerDefinitionValidator.Normalize(c, "awsvpc"), "ClientException", "dnsServers", "at most 3");
    }

    [Theory]
    [InlineData("corp example")]
    [InlineData("corp.example.")]
    [InlineData("-")]
    [InlineData("")]
    [InlineData("a_b.example")]
    public void Normalize_SearchDomainNotADomain_RefusedNamingIt(string domain)
    {
        var c = Container("app");
        c.DnsSearchDomains = [domain];

        AwsAssert.Refused(() => ContainerDefinitionValidator.Normalize(c, "awsvpc"), "ClientException", "dnsSearchDomains", $"'{domain}'");
    }

    [Fact]
    public void Normalize_MoreThanSixSearchDomains_Refused()
    {
        var c = Container("app");
        c.DnsSearchDomains = [.. Enumerable.Range(1, 7).Select(i => $"d{i}.example")];

        AwsAssert.Refused(() => ContainerDefinitionValidator.Normalize(c, "awsvpc"), "ClientException", "dnsSearchDomains", "at most 6");
    }
}
