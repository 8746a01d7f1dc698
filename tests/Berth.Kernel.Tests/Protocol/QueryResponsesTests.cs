using System.Text;
using System.Xml.Linq;
using Berth.Kernel.Protocol;

namespace Berth.Kernel.Tests.Protocol;

public sealed class QueryResponsesTests
{
    const string Ns = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
    static readonly XNamespace X = Ns;

    [Fact]
    public void Success_EnvelopeResultMembersAndMetadata_AllInTheNamespace()
    {
        var bytes = QueryResponses.Success("DescribeThings", Ns, "req-1", w =>
        {
            w.List("Things", new[] { 1, 2 }, i => w.Value("Number", i));
            w.Strings("Names", ["a"]);
            w.Value("When", new DateTimeOffset(2024, 1, 2, 3, 4, 5, 67, TimeSpan.Zero));
            w.Value("On", true);
            w.Value("Absent", (string?)null);
        });
        var text = Encoding.UTF8.GetString(bytes);
        var doc = XDocument.Parse(text);

        Assert.DoesNotContain("xmlns=\"\"", text, StringComparison.Ordinal);
        Assert.Equal(X + "DescribeThingsResponse", doc.Root!.Name);
        var result = doc.Root.Element(X + "DescribeThingsResult")!;
        Assert.Equal(["1", "2"], result.Element(X + "Things")!.Elements(X + "member").Select(m => m.Element(X + "Number")!.Value));
        Assert.Equal("a", result.Element(X + "Names")!.Element(X + "member")!.Value);
        Assert.Equal("2024-01-02T03:04:05.067Z", result.Element(X + "When")!.Value);
        Assert.Equal("true", result.Element(X + "On")!.Value);
        Assert.Null(result.Element(X + "Absent"));
        Assert.Equal("req-1", doc.Root.Element(X + "ResponseMetadata")!.Element(X + "RequestId")!.Value);
    }

    [Fact]
    public void EmptyResult_StillHasResultElement()
    {
        var doc = XDocument.Parse(Encoding.UTF8.GetString(QueryResponses.Success("DeleteRule", Ns, "r", null)));
        Assert.NotNull(doc.Root!.Element(X + "DeleteRuleResult"));
    }

    [Theory]
    [InlineData(400, "Sender")]
    [InlineData(403, "Sender")]
    [InlineData(500, "Receiver")]
    public void Error_Shape(int status, string type)
    {
        var doc = XDocument.Parse(Encoding.UTF8.GetString(QueryResponses.Error(Ns, status, "LoadBalancerNotFound", "gone", "r-2")));

        Assert.Equal(X + "ErrorResponse", doc.Root!.Name);
        var error = doc.Root.Element(X + "Error")!;
        Assert.Equal((type, "LoadBalancerNotFound", "gone"), (error.Element(X + "Type")!.Value, error.Element(X + "Code")!.Value, error.Element(X + "Message")!.Value));
        Assert.Equal("r-2", doc.Root.Element(X + "RequestId")!.Value);
    }

    /// <summary>The exact bytes of each dialect's documents, which parsing alone would not pin (the XML declaration, the error's namespace).</summary>
    [Fact]
    public void Documents_QueryAndEc2_ExactBytes()
    {
        const string Ec2Ns = "http://ec2.amazonaws.com/doc/2016-11-15/";
        static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

        Assert.Equal(
            $"<DeleteRuleResponse xmlns=\"{Ns}\"><DeleteRuleResult><Arn>a</Arn></DeleteRuleResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteRuleResponse>",
            Text(QueryResponses.Success("DeleteRule", Ns, "r", w => w.Value("Arn", "a"))));
        Assert.Equal(
            $"<ErrorResponse xmlns=\"{Ns}\"><Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>m</Message></Error><RequestId>r</RequestId></ErrorResponse>",
            Text(QueryResponses.Error(Ns, 500, "InternalFailure", "m", "r")));
        Assert.Equal(
            $"<?xml version=\"1.0\" encoding=\"utf-8\"?><DeleteVpcResponse xmlns=\"{Ec2Ns}\"><requestId>r</requestId><return>true</return></DeleteVpcResponse>",
            Text(QueryResponses.Success("DeleteVpc", Ec2Ns, "r", w => w.Value("return", true), ec2: true)));
        Assert.Equal(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><Response><Errors><Error><Code>InternalError</Code><Message>m</Message></Error></Errors><RequestID>r</RequestID></Response>",
            Text(QueryResponses.Error(Ec2Ns, 500, "InternalError", "m", "r", ec2: true)));
    }

    [Fact]
    public void CharactersXmlCannotCarry_Replaced_SurrogatePairsKept()
    {
        var text = Encoding.UTF8.GetString(QueryResponses.Error(Ns, 400, "ValidationError", "bad \u0001 \uD800 value 😀 <&>", "r"));
        var message = XDocument.Parse(text).Root!.Element(X + "Error")!.Element(X + "Message")!.Value;

        Assert.Equal("bad \uFFFD \uFFFD value 😀 <&>", message);
    }
}
