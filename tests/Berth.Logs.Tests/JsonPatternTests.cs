using Berth.TestSupport;

namespace Berth.Logs.Tests;

public sealed class JsonPatternTests
{
    const string Event = """{"level":"ERROR","latency":750,"user":{"id":42,"name":"ana"},"tags":["a","b"],"retry":true,"cache":false,"trace":null,"ip":"10.1.2.3","code":"E42"}""";

    static bool Match(string pattern, string message = Event) => FilterPattern.Parse(pattern).Matches(message);

    [Theory]
    [InlineData("{ $.level = \"ERROR\" }", true)]
    [InlineData("{ $.level = \"WARN\" }", false)]
    [InlineData("{$.level=ERROR}", true)]
    [InlineData("{ $.level != \"WARN\" }", true)]
    [InlineData("{ $.level != \"ERROR\" }", false)]
    [InlineData("{ $.user.name = \"ana\" }", true)]
    [InlineData("{ $.user.id = 42 }", true)]
    [InlineData("{ $.tags[1] = \"b\" }", true)]
    [InlineData("{ $.tags[2] = \"b\" }", false)]
    [InlineData("{ $.ip = 10.1.* }", true)]
    [InlineData("{ $.ip = \"10.2.*\" }", false)]
    [InlineData("{ $.code = %E\\d+% }", true)]
    [InlineData("{ $.code = %^X% }", false)]
    public void Matches_Equality(string pattern, bool expected)
    {
        Assert.Equal(expected, Match(pattern));
    }

    [Theory]
    [InlineData("{ $.latency > 500 }", true)]
    [InlineData("{ $.latency >= 750 }", true)]
    [InlineData("{ $.latency < 750 }", false)]
    [InlineData("{ $.latency <= 750.0 }", true)]
    [InlineData("{ $.latency = 7.5e2 }", true)]
    [InlineData("{ $.latency != 750 }", false)]
    [InlineData("{ $.level > 5 }", false)]
    [InlineData("{ $.missing > 5 }", false)]
    [InlineData("{ $.latency > -1 }", true)]
    public void Matches_NumericComparisons(string pattern, bool expected)
    {
        Assert.Equal(expected, Match(pattern));
    }

    [Theory]
    [InlineData("{ $.retry IS TRUE }", true)]
    [InlineData("{ $.cache IS FALSE }", true)]
    [InlineData("{ $.retry IS FALSE }", false)]
    [InlineData("{ $.trace IS NULL }", true)]
    [InlineData("{ $.level IS NULL }", false)]
    [InlineData("{ $.nothing NOT EXISTS }", true)]
    [InlineData("{ $.trace NOT EXISTS }", false)]
    [InlineData("{ $.missing = \"x\" }", false)]
    [InlineData("{ $.missing != \"x\" }", false)]
    public void Matches_ExistenceAndBooleans(string pattern, bool expected)
    {
        Assert.Equal(expected, Match(pattern));
    }

    [Theory]
    [InlineData("{ $.level = \"ERROR\" && $.latency > 500 }", true)]
    [InlineData("{ $.level = \"ERROR\" && $.latency > 1000 }", false)]
    [InlineData("{ $.level = \"WARN\" || $.latency > 500 }", true)]
    [InlineData("{ $.level = \"WARN\" || $.latency > 1000 }", false)]
    [InlineData("{ ($.level = \"WARN\" || $.retry IS TRUE) && $.user.id = 42 }", true)]
    [InlineData("{ $.level = \"WARN\" || $.retry IS TRUE && $.user.id = 1 }", false)]
    [InlineData("{ $.level = \"WARN\" && $.retry IS TRUE || $.user.id = 42 }", true)]
    public void Matches_AndOrParentheses(string pattern, bool expected)
    {
        Assert.Equal(expected, Match(pattern));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[1, 2]")]
    [InlineData("{\"level\": \"ERROR\"")]
    public void Matches_NonJsonEvent_IsFalse(string message)
    {
        Assert.False(Match("{ $.level = \"ERROR\" }", message));
    }

    [Theory]
    [InlineData("{ $.level = \"ERROR\" ")]
    [InlineData("{ level = ERROR }")]
    [InlineData("{ $.level ERROR }")]
    [InlineData("{ $.level = }")]
    [InlineData("{ $.latency > abc }")]
    [InlineData("{ $.level IS MAYBE }")]
    [InlineData("{ ($.a = 1 }")]
    [InlineData("{ $.a = 1 } trailing")]
    [InlineData("{ $.a = \"unclosed }")]
    [InlineData("{ $.a = 1 && }")]
    [InlineData("{ $. = 1 }")]
    public void Parse_Malformed_IsInvalidParameter(string pattern)
    {
        AwsAssert.Refused(() => FilterPattern.Parse(pattern), "InvalidParameterException", "Invalid filter pattern");
    }

    [Fact]
    public void Match_ResolvesSelectorsForMetricValues()
    {
        var m = FilterPattern.Parse("{ $.latency > 0 }").Match(Event)!;
        Assert.Equal(750, m.Number("$.latency"));
        Assert.Equal("ana", m.Resolve("$.user.name"));
        Assert.Null(m.Number("$.level"));
        Assert.Null(m.Resolve("$.nope"));
    }
}
