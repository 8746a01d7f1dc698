using Berth.Logs.Insights;

namespace Berth.Logs.Tests.Insights;

public sealed class QueryParserTests
{
    static MalformedQuery Malformed(string query) => Assert.Throws<MalformedQuery>(() => QueryParser.Parse(query));

    [Fact]
    public void Pipeline_OfCommands_ParsesInOrder()
    {
        var q = QueryParser.Parse("fields @timestamp, @message | filter status >= 500 | sort @timestamp desc | limit 20");
        Assert.Equal(["fields", "filter", "sort", "limit"], q.Commands.Select(c => c.Name));
        Assert.Equal(20, ((LimitCommand)q.Commands[3]).Count);
        Assert.True(((SortCommand)q.Commands[2]).Keys[0].Descending);
    }

    [Fact]
    public void Columns_WithoutFields_AreTimestampAndMessage()
    {
        Assert.Equal(["@timestamp", "@message"], QueryParser.Parse("filter @message like /x/").Columns);
        Assert.Equal(["@timestamp", "@message"], QueryParser.Parse("").Columns);
    }

    [Fact]
    public void Columns_AreFieldsAliasesAndParsedNames_UntilDisplayOrStatsReplacesThem()
    {
        Assert.Equal(["@timestamp", "len", "strlen(@message)", "level", "text"],
            QueryParser.Parse("fields @timestamp, strlen(@message) as len, strlen(@message) | parse @message \"[*] *\" as level, text").Columns);
        Assert.Equal(["text"], QueryParser.Parse("fields a, b | parse @message \"[*] *\" as level, text | display text").Columns);
        Assert.Equal(["bin(5m)", "level", "count(*)", "avg_ms"],
            QueryParser.Parse("fields x | stats count(*), avg(ms) as avg_ms by bin(5m), level").Columns);
    }

    [Fact]
    public void Comments_AndBackquotedFields_AreUnderstood()
    {
        var q = QueryParser.Parse("# errors only\nfields `user-agent` # the client\n| filter `user-agent` like \"curl\"");
        Assert.Equal(["user-agent"], q.Columns);
    }

    [Fact]
    public void Regex_AfterValue_IsDivision()
    {
        var q = QueryParser.Parse("fields bytes / 1024 as kib | filter @message like /a\\/b/");
        var div = (BinaryExpr)((FieldsCommand)q.Commands[0]).Items[0].Expr;
        Assert.Equal("/", div.Op);
        var like = (LikeExpr)((FilterCommand)q.Commands[1]).Condition;
        Assert.Equal("a/b", ((RegexExpr)like.Pattern).Regex.ToString());
    }

    [Fact]
    public void Precedence_AndBindsTighterThanOr_NotAppliesToComparison()
    {
        var q = QueryParser.Parse("filter a = 1 or b = 2 and not c = 3");
        var or = (BinaryExpr)((FilterCommand)q.Commands[0]).Condition;
        Assert.Equal("or", or.Op);
        var and = (BinaryExpr)or.Right;
        Assert.Equal("and", and.Op);
        Assert.IsType<UnaryExpr>(and.Right);
    }

    [Fact]
    public void Stats_BindsAggregates_AndKeepsArithmeticAroundThem()
    {
        var stats = (StatsCommand)QueryParser.Parse("stats sum(bytes) / count(*) as mean by host").Commands[0];
        Assert.Equal(["sum", "count"], stats.Aggregates.Select(a => a.Function));
        Assert.IsType<BinaryExpr>(stats.Items[0].Expr);
        Assert.Equal("mean", stats.Items[0].Name);
    }

    [Fact]
    public void UnknownCommand_IsMalformed_AtItsPlace()
    {
        var e = Malformed("fields @message | frobnicate x");
        Assert.Equal("MalformedQueryException", e.Code);
        Assert.Equal((18, 27), (e.StartCharOffset, e.EndCharOffset));
        Assert.Contains("frobnicate", e.Message);
        Assert.Contains("18-27", e.Message);
    }

    [Theory]
    [InlineData("pattern @message", "'pattern' command")]
    [InlineData("fields @message | diff", "'diff' command")]
    [InlineData("unmask @message", "'unmask' command")]
    [InlineData("SOURCE logGroups()", "'SOURCE' command")]
    [InlineData("fields jsonParse(@message) as j", "function 'jsonParse'")]
    [InlineData("stats stddev(x)", "function 'stddev'")]
    [InlineData("stats count(*) by bin(1mo)", "calendar time unit 'mo'")]
    public void Unimplemented_IsRefusedByName(string query, string named)
    {
        Assert.Contains(named, Malformed(query).Message);
    }

    [Theory]
    [InlineData("fields")]
    [InlineData("fields @message |")]
    [InlineData("filter (a = 1")]
    [InlineData("filter a = \"open")]
    [InlineData("filter a like 5")]
    [InlineData("limit 0")]
    [InlineData("limit 100001")]
    [InlineData("limit 2.5")]
    [InlineData("sort")]
    [InlineData("stats x")]
    [InlineData("stats count(*) + y")]
    [InlineData("filter count(*) > 1")]
    [InlineData("fields avg(x)")]
    [InlineData("stats avg(count(*))")]
    [InlineData("parse @message \"a * b *\" as one")]
    [InlineData("parse @message \"no stars\" as one")]
    [InlineData("parse @message /no groups/")]
    [InlineData("parse @message /(?<a>[/")]
    [InlineData("fields strlen(a, b)")]
    [InlineData("stats pct(x, 101)")]
    [InlineData("stats count(*) by bin(5)")]
    [InlineData("fields a b")]
    [InlineData("filter x in 1")]
    [InlineData("fields a ; b")]
    [InlineData("stats count(*) by bin(99999999999999999999w)")]
    [InlineData("stats count(*) by bin(0s)")]
    public void BadQueries_AreMalformed(string query)
    {
        var e = Malformed(query);
        Assert.InRange(e.StartCharOffset, 0, query.Length);
        Assert.InRange(e.EndCharOffset, e.StartCharOffset, query.Length);
    }

    [Fact]
    public void StatsCountStar_WithoutAggregate_IsRefusedPointingAtTheItem()
    {
        var e = Malformed("stats count(*), x by y");
        Assert.Equal(16, e.StartCharOffset);
    }

    [Theory]
    [InlineData('(')]
    [InlineData('-')]
    [InlineData('[')]
    public void DeepNesting_IsMalformed_NotAStackOverflow(char opener)
    {
        Malformed("fields " + new string(opener, 10_000) + "1");
        Malformed("filter " + string.Concat(Enumerable.Repeat("not ", 2_000)) + "x");
    }

    [Fact]
    public void LimitAny_IsALimit()
    {
        Assert.Equal(3, ((LimitCommand)QueryParser.Parse("limit any 3").Commands[0]).Count);
    }
}
