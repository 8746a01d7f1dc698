using Berth.Kernel;
using Berth.TestSupport;

namespace Berth.Logs.Tests;

public sealed class FilterPatternTests
{
    static bool Match(string pattern, string message) => FilterPattern.Parse(pattern).Matches(message);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"\"")]
    public void Parse_EmptyPattern_MatchesEverything(string? pattern)
    {
        var p = FilterPattern.Parse(pattern);
        Assert.True(p.Matches(""));
        Assert.True(p.Matches("anything at all"));
    }

    [Theory]
    [InlineData("ERROR timeout", "ERROR: timeout after 5s", true)]
    [InlineData("ERROR timeout", "timeout then ERROR", true)]
    [InlineData("ERROR timeout", "ERROR only", false)]
    [InlineData("ERROR timeout", "timeout only", false)]
    [InlineData("ERROR", "xxERRORxx", true)]
    [InlineData("  ERROR   timeout  ", "ERROR timeout", true)]
    public void Matches_PlainTerms_AllMustOccur(string pattern, string message, bool expected)
    {
        Assert.Equal(expected, Match(pattern, message));
    }

    [Theory]
    [InlineData("\"connection refused\"", "dial tcp: connection refused", true)]
    [InlineData("\"connection refused\"", "connection was refused", false)]
    [InlineData("\"connection refused\"", "refused connection", false)]
    [InlineData("\"connection refused\" ERROR", "ERROR connection refused", true)]
    [InlineData("\"connection refused\" ERROR", "WARN connection refused", false)]
    [InlineData("\"a  b\"", "a  b", true)]
    [InlineData("\"a  b\"", "a b", false)]
    public void Matches_QuotedPhrase_IsOneTerm(string pattern, string message, bool expected)
    {
        Assert.Equal(expected, Match(pattern, message));
    }

    [Theory]
    [InlineData("?ERROR ?WARN", "ERROR disk", true)]
    [InlineData("?ERROR ?WARN", "WARN disk", true)]
    [InlineData("?ERROR ?WARN", "ERROR and WARN", true)]
    [InlineData("?ERROR ?WARN", "INFO disk", false)]
    [InlineData("?\"disk full\" ?OOM", "the disk full now", true)]
    [InlineData("?\"disk full\" ?OOM", "disk is full", false)]
    [InlineData("db ?ERROR ?WARN", "WARN cache", false)]
    [InlineData("db ?ERROR ?WARN", "WARN db", true)]
    public void Matches_QuestionTerms_NeedAnyOne(string pattern, string message, bool expected)
    {
        Assert.Equal(expected, Match(pattern, message));
    }

    [Theory]
    [InlineData("ERROR -DEBUG", "ERROR in handler", true)]
    [InlineData("ERROR -DEBUG", "DEBUG ERROR in handler", false)]
    [InlineData("-DEBUG", "INFO started", true)]
    [InlineData("-DEBUG", "DEBUG started", false)]
    [InlineData("-\"health check\"", "GET /health check ok", false)]
    [InlineData("-\"health check\"", "GET /health ok", true)]
    [InlineData("ERROR ?db ?cache -retry", "ERROR cache miss", true)]
    [InlineData("ERROR ?db ?cache -retry", "ERROR cache miss, retry", false)]
    [InlineData("ERROR ?db ?cache -retry", "ERROR queue", false)]
    public void Matches_MinusTerms_MustNotOccur(string pattern, string message, bool expected)
    {
        Assert.Equal(expected, Match(pattern, message));
    }

    [Theory]
    [InlineData("ERROR", "error in handler", false)]
    [InlineData("error", "ERROR in handler", false)]
    [InlineData("Error", "Error in handler", true)]
    [InlineData("?warn", "WARN", false)]
    [InlineData("-debug", "DEBUG", true)]
    public void Matches_IsCaseSensitive(string pattern, string message, bool expected)
    {
        Assert.Equal(expected, Match(pattern, message));
    }

    [Theory]
    [InlineData("%ERR(OR)?%", "ERR in handler", true)]
    [InlineData("%ERR(OR)?%", "ERROR in handler", true)]
    [InlineData("%^ERROR%", "an ERROR", false)]
    [InlineData("?%5\\d\\d% ?timeout", "status 503", true)]
    [InlineData("?%5\\d\\d% ?timeout", "status 404", false)]
    [InlineData("-%DEBUG|TRACE% app", "app TRACE", false)]
    [InlineData("-%DEBUG|TRACE% app", "app INFO", true)]
    public void Matches_RegexTerm_MatchesByExpression(string pattern, string message, bool expected)
    {
        Assert.Equal(expected, Match(pattern, message));
    }

    [Fact]
    public void Parse_ThreeRegexTerms_IsInvalidParameter()
    {
        AwsAssert.Refused(() => FilterPattern.Parse("%a% %b% %c%"), "InvalidParameterException", "at most two regular expressions");
    }

    [Theory]
    [InlineData("%unclosed")]
    [InlineData("%(%")]
    public void Parse_BadRegex_IsInvalidParameter(string pattern)
    {
        AwsAssert.Refused(() => FilterPattern.Parse(pattern), "InvalidParameterException", "Invalid filter pattern");
    }

    [Fact]
    public void Parse_LongerThan1024_IsInvalidParameter()
    {
        AwsAssert.Refused(() => FilterPattern.Parse(new string('a', 1025)), "InvalidParameterException", "longer than 1024");
    }

    [Theory]
    [InlineData("\"unclosed")]
    [InlineData("ERROR \"connection refused")]
    [InlineData("?\"a")]
    [InlineData("-\"")]
    public void Parse_UnclosedQuote_IsInvalidParameter(string pattern)
    {
        var e = Assert.Throws<AwsException>(() => FilterPattern.Parse(pattern));
        Assert.Equal("InvalidParameterException", e.Code);
        Assert.Contains("quoted phrase is not closed", e.Message, StringComparison.Ordinal);
    }
}
