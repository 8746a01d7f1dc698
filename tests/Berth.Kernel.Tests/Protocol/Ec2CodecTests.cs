using System.Text;
using System.Text.Json.Serialization;
using System.Xml.Linq;
using Berth.Kernel.Json;
using Berth.Kernel.Protocol;

namespace Berth.Kernel.Tests.Protocol;

public sealed record Ec2Range
{
    public string? CidrIp { get; init; }
    public string? Description { get; init; }
}

public sealed record Ec2Permission
{
    public string? IpProtocol { get; init; }
    public int? FromPort { get; init; }

    [JsonPropertyName("groups")]
    public List<Ec2Range>? Pairs { get; init; }

    public List<Ec2Range>? IpRanges { get; init; }
}

public sealed record Ec2Sample
{
    [JsonPropertyName("GroupId")]
    public List<string>? GroupIds { get; init; }

    public bool? DryRun { get; init; }
    public List<Ec2Permission>? IpPermissions { get; init; }
    public DateTimeOffset? At { get; init; }

    [JsonPropertyName("tagSet")]
    public List<Ec2Range>? Tags { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(Ec2Sample))]
internal sealed partial class Ec2CodecJson : JsonSerializerContext;

public sealed class Ec2CodecTests
{
    const string Ns = "http://ec2.amazonaws.com/doc/2016-11-15/";

    static Ec2Sample Read(Dictionary<string, string> p) => (Ec2Sample)QueryCodec.Read(p, Ec2CodecJson.Default.Ec2Sample, "InvalidParameterValue", QueryDialect.Ec2);

    [Fact]
    public void Read_NumberedListsAndCapitalizedNames_FillTheContract()
    {
        var r = Read(new()
        {
            ["Action"] = "AuthorizeSecurityGroupIngress",
            ["Version"] = "2016-11-15",
            ["GroupId.2"] = "sg-2",
            ["GroupId.1"] = "sg-1",
            ["DryRun"] = "true",
            ["IpPermissions.1.IpProtocol"] = "tcp",
            ["IpPermissions.1.FromPort"] = "80",
            ["IpPermissions.1.IpRanges.1.CidrIp"] = "10.0.0.0/8",
            ["IpPermissions.1.Groups.1.CidrIp"] = "x",
        });

        Assert.Equal(["sg-1", "sg-2"], r.GroupIds);
        Assert.True(r.DryRun);
        var p = Assert.Single(r.IpPermissions!);
        Assert.Equal(("tcp", 80), (p.IpProtocol, p.FromPort));
        Assert.Equal("10.0.0.0/8", Assert.Single(p.IpRanges!).CidrIp);
        Assert.Equal("x", Assert.Single(p.Pairs!).CidrIp);
    }

    [Theory]
    [InlineData("Bogus", "The parameter Bogus is not recognized")]
    [InlineData("IpPermissions.1.Nope", "The parameter IpPermissions.1.Nope is not recognized")]
    [InlineData("GroupId.member.1", "GroupId.member.1")]
    [InlineData("DryRun.1", "The parameter DryRun.1 is not recognized")]
    public void Read_UnknownParameter_IsRefusedByName(string name, string message)
    {
        var e = Assert.Throws<AwsException>(() => Read(new() { [name] = "x" }));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MemberOfWrongType_IsInvalidParameterValue()
    {
        var e = Assert.Throws<AwsException>(() => Read(new() { ["IpPermissions.1.FromPort"] = "eighty" }));
        Assert.Equal("InvalidParameterValue", e.Code);
        Assert.Contains("IpPermissions.1.FromPort", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Success_WritesMembersAfterRequestIdWithItemsAndNoResultWrapper()
    {
        var response = new Ec2Sample { Tags = [new Ec2Range { CidrIp = "a" }, new Ec2Range { Description = "b" }], DryRun = false, At = DateTimeOffset.UnixEpoch };

        var xml = XDocument.Parse(Encoding.UTF8.GetString(QueryResponses.Success("DescribeThings", Ns, "req-1",
            w => QueryCodec.Write(w, response, Ec2CodecJson.Default.Ec2Sample, QueryDialect.Ec2), ec2: true)));

        XNamespace x = Ns;
        var root = xml.Root!;
        Assert.Equal(x + "DescribeThingsResponse", root.Name);
        Assert.Equal("req-1", root.Elements().First().Value);
        Assert.Equal("requestId", root.Elements().First().Name.LocalName);
        Assert.Null(root.Element(x + "DescribeThingsResult"));
        Assert.Equal(["a", ""], root.Element(x + "tagSet")!.Elements(x + "item").Select(i => i.Element(x + "cidrIp")?.Value ?? ""));
        Assert.Equal("false", root.Element(x + "dryRun")!.Value);
        Assert.Equal("1970-01-01T00:00:00.000Z", root.Element(x + "at")!.Value);
    }

    [Fact]
    public void Error_IsTheEc2ErrorDocument()
    {
        var xml = XDocument.Parse(Encoding.UTF8.GetString(QueryResponses.Error(Ns, 400, "InvalidGroup.NotFound", "The security group 'sg-1' does not exist", "req-2", ec2: true)));

        Assert.Equal("Response", xml.Root!.Name.LocalName);
        var error = xml.Root.Element("Errors")!.Element("Error")!;
        Assert.Equal("InvalidGroup.NotFound", error.Element("Code")!.Value);
        Assert.Equal("The security group 'sg-1' does not exist", error.Element("Message")!.Value);
        Assert.Equal("req-2", xml.Root.Element("RequestID")!.Value);
    }

    [Fact]
    public void AccessDenied_InEc2_IsUnauthorizedOperation403()
    {
        var service = new AwsService { SigningName = "ec2", Query = new QueryService("2016-11-15", Ns, "ec2") { Ec2 = true } };

        var e = service.AccessDenied("User: x is not authorized to perform: ec2:CreateVpc");

        Assert.Equal(("UnauthorizedOperation", 403), (e.Code, e.StatusCode));
    }
}
