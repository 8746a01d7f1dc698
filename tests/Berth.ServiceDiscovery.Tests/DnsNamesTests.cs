using static Berth.TestSupport.AwsAssert;

namespace Berth.ServiceDiscovery.Tests;

public sealed class DnsNamesTests
{
    [Theory]
    [InlineData("internal.local", "internal.local")]
    [InlineData("internal.local.", "internal.local")]
    [InlineData("Corp-1.Example", "Corp-1.Example")]
    [InlineData("a", "a")]
    public void DnsNamespace_Valid_KeptWithoutTrailingDot(string given, string kept) => Assert.Equal(kept, DnsNames.DnsNamespace(given));

    [Theory]
    [InlineData("a..b", "empty label")]
    [InlineData(".a", "empty label")]
    [InlineData("a.b..", "empty label")]
    [InlineData(".", "empty")]
    [InlineData("-a.local", "may hold only")]
    [InlineData("a-.local", "may hold only")]
    [InlineData("a_b.local", "may hold only")]
    [InlineData("a b.local", "may hold only")]
    [InlineData("ünï.local", "may hold only")]
    [InlineData("a*.local", "may hold only")]
    public void DnsNamespace_Tricks_Refused(string given, string fragment) =>
        Refused(() => DnsNames.DnsNamespace(given), "InvalidInput", fragment);

    [Fact]
    public void DnsNamespace_LabelOver63_Refused()
    {
        Assert.Equal(new string('a', 63) + ".local", DnsNames.DnsNamespace(new string('a', 63) + ".local"));
        Refused(() => DnsNames.DnsNamespace(new string('a', 64) + ".local"), "InvalidInput", "longer than 63");
    }

    [Fact]
    public void DnsNamespace_NameOver253_Refused()
    {
        var label = new string('a', 63);
        var name253 = $"{label}.{label}.{label}.{new string('b', 61)}";
        Assert.Equal(253, name253.Length);
        Assert.Equal(name253, DnsNames.DnsNamespace(name253 + "."));
        Refused(() => DnsNames.DnsNamespace(name253 + "c"), "InvalidInput", "longer than 253");
    }

    [Theory]
    [InlineData("arn:aws:x")]
    [InlineData("has space")]
    [InlineData("")]
    public void HttpNamespace_NotPrintableOrArn_Refused(string given) => Refused(() => DnsNames.HttpNamespace(given), "InvalidInput");

    [Theory]
    [InlineData("api")]
    [InlineData("_http._tcp")]
    [InlineData("a.b")]
    [InlineData("x")]
    public void Service_ModelPattern_Accepted(string name) => Assert.Equal(name, DnsNames.Service(name, Ns()));

    [Theory]
    [InlineData("-api")]
    [InlineData("api-")]
    [InlineData("a..b")]
    [InlineData(".")]
    [InlineData("_")]
    [InlineData("a b")]
    public void Service_OutsidePattern_Refused(string name) => Refused(() => DnsNames.Service(name, Ns()), "InvalidInput", "Service name");

    [Fact]
    public void Service_TooLongWithItsNamespace_Refused()
    {
        var ns = Ns(new string('n', 63) + "." + new string('n', 63) + "." + new string('n', 63));
        Refused(() => DnsNames.Service(new string('s', 40) + "." + new string('s', 40), ns), "InvalidInput", "longer than 253");
    }

    static Namespace Ns(string name = "internal.local") => new()
    {
        Id = "ns-1",
        Arn = "arn",
        Name = name,
        Key = name,
        Type = Namespace.DnsPrivate,
        CreateOperationId = "op",
    };
}
