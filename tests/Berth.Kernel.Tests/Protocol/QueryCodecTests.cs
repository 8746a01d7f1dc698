using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml.Linq;
using Berth.Kernel.Json;
using Berth.Kernel.Protocol;

namespace Berth.Kernel.Tests.Protocol;

public sealed record Dimension
{
    public string? Name { get; set; }
    public string? Value { get; set; }
}

public sealed record Sample
{
    public string? Name { get; set; }
    public int? Count { get; set; }
    public long? Big { get; set; }
    public double? Value { get; set; }
    public bool? Enabled { get; set; }
    public DateTimeOffset? At { get; set; }
    public List<string>? Tags { get; set; }
    public List<double>? Values { get; set; }
    public List<DateTimeOffset>? Times { get; set; }
    public List<Dimension>? Dimensions { get; set; }
    public Dimension? Primary { get; set; }
    public Dictionary<string, double>? Stats { get; set; }
    public List<JsonElement>? Opaque { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(Sample))]
internal sealed partial class CodecJson : JsonSerializerContext;

public sealed class QueryCodecTests
{
    const string Ns = "http://monitoring.amazonaws.com/doc/2010-08-01/";
    static readonly XNamespace X = Ns;

    static Sample Read(string form) => (Sample)QueryCodec.Read(QueryForm.Parse("", Encoding.UTF8.GetBytes(form)), CodecJson.Default.Sample, "InvalidParameterValue");

    static XElement Write(Sample s)
    {
        var bytes = QueryResponses.Success("Describe", Ns, "r", w => QueryCodec.Write(w, s, CodecJson.Default.Sample));
        return XDocument.Parse(Encoding.UTF8.GetString(bytes)).Root!.Element(X + "DescribeResult")!;
    }

    [Fact]
    public void Read_ScalarsOfEveryType()
    {
        var s = Read("Action=Describe&Version=2010-08-01&Name=web&Count=-3&Big=5000000000&Value=1.5e3&Enabled=TRUE&At=2026-11-22T05:29:10.250Z");

        Assert.Equal(("web", -3, 5_000_000_000L, 1500.0, true), (s.Name, s.Count, s.Big, s.Value, s.Enabled));
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 5, 29, 10, 250, TimeSpan.Zero), s.At);
    }

    [Fact]
    public void Read_TimestampInEpochSeconds()
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500), Read("At=1700000000.5").At);
    }

    [Fact]
    public void Read_ListsInMemberOrder_StructuresAndMaps()
    {
        var s = Read("Tags.member.2=b&Tags.member.1=a&Tags.member.10=j&Dimensions.member.1.Name=S&Dimensions.member.1.Value=web"
            + "&Primary.Name=P&Stats.entry.1.key=p99&Stats.entry.1.value=4.5&Values.member.1=1&Times.member.1=2026-01-01T00:00:00Z");

        Assert.Equal(["a", "b", "j"], s.Tags);
        Assert.Equal([new Dimension { Name = "S", Value = "web" }], s.Dimensions);
        Assert.Equal("P", s.Primary!.Name);
        Assert.Equal(4.5, s.Stats!["p99"]);
        Assert.Equal([1.0], s.Values);
        Assert.Equal([new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)], s.Times);
    }

    [Fact]
    public void Read_AbsentListIsNull_NameAloneIsEmpty()
    {
        Assert.Null(Read("Name=x").Tags);
        Assert.Empty(Read("Tags=").Tags!);
    }

    [Fact]
    public void Read_ListWithoutNumberedMembers_IsAbsent()
    {
        Assert.Null(Read("Tags.other=x").Tags);
        Assert.Null(Read("Tags.member=x").Tags);
        Assert.Empty(Read("Tags=x").Tags!);
    }

    [Fact]
    public void Read_ListMemberWithNoKnownMembers_IsAnEmptyStructure()
    {
        var s = Read("Dimensions.member.1=x&Dimensions.member.2.Other=y&Dimensions.member.3.Name=n");

        Assert.Equal([new Dimension(), new Dimension(), new Dimension { Name = "n" }], s.Dimensions);
    }

    [Fact]
    public void Read_StructureIsThereWhenAnyParameterLiesUnderIt()
    {
        Assert.Equal(new Dimension(), Read("Primary.Other=1").Primary);
        Assert.Equal(new Dimension(), Read("Primary.Name.x=1").Primary);
        Assert.Null(Read("Primary=1").Primary);
    }

    [Theory]
    [InlineData("Tags.member.1.x=a", "'Tags.member.1' must be a string, not a structure.")]
    [InlineData("Values.member.2.x.member.1=a", "'Values.member.2' must be a number, not a structure.")]
    public void Read_ScalarMemberGivenAsAStructure_Refused(string form, string message)
    {
        var e = Assert.Throws<AwsException>(() => Read(form));

        Assert.Equal(("InvalidParameterValue", message), (e.Code, e.Message));
    }

    [Fact]
    public void Read_NestedStructuresAndLists()
    {
        var s = Read("Dimensions.member.2.Name=b&Dimensions.member.1.Name=a&Dimensions.member.1.Value=1&Primary.Name=p&Tags=&Opaque.member.1=o");

        Assert.Equal([new Dimension { Name = "a", Value = "1" }, new Dimension { Name = "b" }], s.Dimensions);
        Assert.Equal(("p", 0, 1), (s.Primary!.Name, s.Tags!.Count, s.Opaque!.Count));
    }

    [Fact]
    public void Read_OpaqueMembersKeepTheirParameters()
    {
        var s = Read("Opaque.member.1.Entity.KeyAttributes.entry.1.key=Type");

        Assert.Single(s.Opaque!);
        Assert.Equal("Type", s.Opaque![0].GetProperty("Entity").GetProperty("KeyAttributes").GetProperty("entry").GetProperty("1").GetProperty("key").GetString());
    }

    [Theory]
    [InlineData("Count=three", "Count", "an integer")]
    [InlineData("Count=5000000000", "Count", "an integer")]
    [InlineData("Value=abc", "Value", "a number")]
    [InlineData("Value=NaN", "Value", "a number")]
    [InlineData("Enabled=yes", "Enabled", "true or false")]
    [InlineData("At=yesterday", "At", "a timestamp")]
    [InlineData("Dimensions.member.1.Name=a&Values.member.1=x", "Values.member.1", "a number")]
    public void Read_WrongType_RefusedWithTheServicesCode(string form, string at, string expected)
    {
        var e = Assert.Throws<AwsException>(() => Read(form));

        Assert.Equal("InvalidParameterValue", e.Code);
        Assert.Contains($"at '{at}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Tags.member.0=a")]
    [InlineData("Tags.member.01=a")]
    [InlineData("Tags.member.x=a")]
    [InlineData("Tags.member.1001=a")]
    [InlineData("Tags.member.-1=a")]
    [InlineData("Tags.member.=a")]
    public void Read_BadListIndex_Refused(string form)
    {
        var e = Assert.Throws<AwsException>(() => Read(form));

        Assert.Equal($"'{form[..^2]}' is not a valid list member: members are numbered from 1 to 1000.", e.Message);
    }

    [Fact]
    public void Read_BadListIndex_NamedByTheFirstParameterUnderIt() =>
        Assert.Equal("'Dimensions.member.0.Value' is not a valid list member: members are numbered from 1 to 1000.",
            Assert.Throws<AwsException>(() => Read("Dimensions.member.1.Name=a&Dimensions.member.0.Value=v&Dimensions.member.0.Name=n")).Message);

    [Fact]
    public void Write_MembersInOrder_ListsAsMember_MapsAsEntry_TimesInIso()
    {
        var result = Write(new Sample
        {
            Name = "web",
            Count = 2,
            Value = 0.1,
            Enabled = false,
            At = new DateTimeOffset(2024, 1, 2, 3, 4, 5, 67, TimeSpan.Zero),
            Tags = ["a", "<b>"],
            Values = [1e20, 2.5],
            Times = [new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero)],
            Dimensions = [new Dimension { Name = "S", Value = "web" }],
            Primary = new Dimension { Name = "P" },
            Stats = new() { ["p99"] = 4.5 },
        });

        Assert.Equal(["Name", "Count", "Value", "Enabled", "At", "Tags", "Values", "Times", "Dimensions", "Primary", "Stats"],
            result.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(("web", "2", "0.1", "false"), (result.Element(X + "Name")!.Value, result.Element(X + "Count")!.Value, result.Element(X + "Value")!.Value, result.Element(X + "Enabled")!.Value));
        Assert.Equal("2024-01-02T03:04:05.067Z", result.Element(X + "At")!.Value);
        Assert.Equal(["a", "<b>"], result.Element(X + "Tags")!.Elements(X + "member").Select(m => m.Value));
        Assert.Equal(["1E+20", "2.5"], result.Element(X + "Values")!.Elements(X + "member").Select(m => m.Value));
        Assert.Equal("2024-01-02T03:04:05.000Z", result.Element(X + "Times")!.Element(X + "member")!.Value);
        var dim = result.Element(X + "Dimensions")!.Element(X + "member")!;
        Assert.Equal(("S", "web"), (dim.Element(X + "Name")!.Value, dim.Element(X + "Value")!.Value));
        Assert.Null(result.Element(X + "Primary")!.Element(X + "Value"));
        var entry = result.Element(X + "Stats")!.Element(X + "entry")!;
        Assert.Equal(("p99", "4.5"), (entry.Element(X + "key")!.Value, entry.Element(X + "value")!.Value));
    }

    [Fact]
    public void Write_NullsLeftOut_EmptyListKept()
    {
        var result = Write(new Sample { Tags = [] });

        Assert.Equal(["Tags"], result.Elements().Select(e => e.Name.LocalName));
        Assert.Empty(result.Element(X + "Tags")!.Elements());
    }

    [Fact]
    public void RoundTrip_WhatIsWrittenReadsBack()
    {
        var sample = new Sample { Name = "x", Count = 7, Value = 3.25, Enabled = true, At = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123), Tags = ["t"] };
        var result = Write(sample);
        var form = string.Join("&", result.Elements().Select(e => e.Name.LocalName == "Tags"
            ? string.Join("&", e.Elements().Select((m, i) => $"Tags.member.{i + 1}={Uri.EscapeDataString(m.Value)}"))
            : $"{e.Name.LocalName}={Uri.EscapeDataString(e.Value)}"));

        Assert.Equal(sample, Read(form) with { Tags = sample.Tags });
        Assert.Equal(sample.Tags, Read(form).Tags);
    }
}
