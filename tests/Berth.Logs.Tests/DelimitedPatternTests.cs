using Berth.Logs.Patterns;
using Berth.TestSupport;

namespace Berth.Logs.Tests;

public sealed class DelimitedPatternTests
{
    const string Apache = "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 404 1534";

    static bool Match(string pattern, string message = Apache) => FilterPattern.Parse(pattern).Matches(message);

    [Fact]
    public void Split_QuotedAndBracketedRunsAreOneField()
    {
        Assert.Equal(["127.0.0.1", "-", "frank", "10/Oct/2000:13:25:15 -0700", "GET /apache_pb.gif HTTP/1.0", "404", "1534"], DelimitedPattern.Split(Apache));
    }

    [Fact]
    public void Match_NamedFields_AreExtractedWithDollarNames()
    {
        var m = FilterPattern.Parse("[ip, identity, user, timestamp, request, status, bytes]").Match(Apache)!;
        Assert.Equal("frank", m.Extracted["$user"]);
        Assert.Equal("GET /apache_pb.gif HTTP/1.0", m.Extracted["$request"]);
        Assert.Equal(1534, m.Number("$bytes"));
        Assert.Equal(7, m.Extracted.Count);
    }

    [Theory]
    [InlineData("[ip, identity, user, timestamp, request, status = 404, bytes]", true)]
    [InlineData("[ip, identity, user, timestamp, request, status = 4*, bytes]", true)]
    [InlineData("[ip, identity, user, timestamp, request, status = 5*, bytes]", false)]
    [InlineData("[ip, identity, user, timestamp, request, status = 5* || status = 4*, bytes]", true)]
    [InlineData("[ip, identity, user, timestamp, request, status >= 400 && status < 500, bytes > 1000]", true)]
    [InlineData("[ip, identity, user, timestamp, request, status >= 400 && status < 404, bytes]", false)]
    [InlineData("[ip, identity, user = \"frank\", ...]", true)]
    [InlineData("[ip, identity, user != frank, ...]", false)]
    [InlineData("[..., status = 404, bytes]", true)]
    [InlineData("[ip, ..., bytes = 1534]", true)]
    [InlineData("[..., request = *gif*, ...]", true)]
    [InlineData("[..., request = %HTTP/1\\.[01]$%, ...]", true)]
    [InlineData("[ip, user, bytes]", false)]
    [InlineData("[ip, identity, user, timestamp, request, status, bytes, extra]", false)]
    [InlineData("[...]", true)]
    public void Matches_FieldTestsAndEllipses(string pattern, bool expected)
    {
        Assert.Equal(expected, Match(pattern));
    }

    [Fact]
    public void Match_ManyEllipses_StaysBounded()
    {
        var message = string.Join(' ', Enumerable.Range(0, 2000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.False(Match("[..., a = x, ..., b = y, ..., c = z, ...]", message));
        Assert.True(Match("[..., a = 10, ..., b = 1500, ...]", message));
    }

    [Theory]
    [InlineData("[ip, user")]
    [InlineData("[ip user]")]
    [InlineData("[ip, , user]")]
    [InlineData("[ip, ip]")]
    [InlineData("[ip, status = ]")]
    [InlineData("[ip, status = 4 || code = 5]")]
    [InlineData("[ip, bytes > big]")]
    [InlineData("[ip] extra")]
    [InlineData("[$.ip]")]
    public void Parse_Malformed_IsInvalidParameter(string pattern)
    {
        AwsAssert.Refused(() => FilterPattern.Parse(pattern), "InvalidParameterException", "Invalid filter pattern");
    }
}
