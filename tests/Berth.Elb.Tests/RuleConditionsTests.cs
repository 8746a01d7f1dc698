using Berth.Kernel;

namespace Berth.Elb.Tests;

public sealed class RuleConditionsTests
{
    static AwsException Refused(params RuleConditionInput[] conditions)
    {
        var e = Assert.Throws<AwsException>(() => RuleConditions.Normalize(conditions));
        Assert.Equal("ValidationError", e.Code);
        return e;
    }

    [Fact]
    public void LegacyValuesAndConfigForms_NormaliseAlike()
    {
        var legacy = RuleConditions.Normalize([new() { Field = "path-pattern", Values = ["/img/*"] }]);
        var config = RuleConditions.Normalize([new() { Field = "path-pattern", PathPatternValues = ["/img/*"] }]);

        Assert.Equal(legacy[0].Values, config[0].Values);
    }

    [Fact]
    public void EveryField_Normalised()
    {
        var c = RuleConditions.Normalize([
            new() { Field = "host-header", HostHeaderValues = ["*.example.com"] },
            new() { Field = "http-header", HasHttpHeaderConfig = true, HttpHeaderName = "User-Agent", HttpHeaderValues = ["*Mobile*"] },
            new() { Field = "query-string", QueryStrings = [new() { Key = "v", Value = "2" }] },
            new() { Field = "http-request-method", HttpRequestMethodValues = ["GET"] },
            new() { Field = "source-ip", SourceIpValues = ["10.0.0.0/8"] },
        ]);

        Assert.Equal("User-Agent", c[1].HttpHeaderName);
        Assert.Equal("2", c[2].QueryStrings[0].Value);
        Assert.Equal(["GET"], c[3].Values);
    }

    [Fact]
    public void Refusals()
    {
        Refused();
        Refused(new RuleConditionInput { Field = null, Values = ["/a"] });
        Refused(new RuleConditionInput { Field = "cookie", Values = ["a"] });
        Refused(new RuleConditionInput { Field = "path-pattern", Values = ["/a"], PathPatternValues = ["/b"] });
        Refused(new RuleConditionInput { Field = "path-pattern", HostHeaderValues = ["a.com"] });
        Refused(new RuleConditionInput { Field = "path-pattern", Values = [] });
        Refused(new RuleConditionInput { Field = "path-pattern", Values = ["/" + new string('a', 128)] });
        Refused(new RuleConditionInput { Field = "path-pattern", Values = ["/a b"] });
        Refused(new RuleConditionInput { Field = "host-header", Values = ["a_b.com"] });
        Refused(new RuleConditionInput { Field = "http-header", Values = ["x"] });
        Refused(new RuleConditionInput { Field = "http-header", HasHttpHeaderConfig = true, HttpHeaderName = "Bad Name", HttpHeaderValues = ["x"] });
        Refused(new RuleConditionInput { Field = "query-string", QueryStrings = [new() { Key = "k" }] });
        Refused(new RuleConditionInput { Field = "query-string", QueryStrings = [] });
        Refused(new RuleConditionInput { Field = "http-request-method", Values = ["GET"] });
        Refused(new RuleConditionInput { Field = "http-request-method", HttpRequestMethodValues = ["get"] });
        Refused(new RuleConditionInput { Field = "source-ip", SourceIpValues = ["10.0.0.1"] });
        Refused(new RuleConditionInput { Field = "source-ip", SourceIpValues = ["10.0.0.0/33"] });
        Refused(new RuleConditionInput { Field = "path-pattern", Values = ["/a"], HasRegexValues = true });
    }

    [Fact]
    public void Limits_OneOfEachSingleton_FiveValues_FiveWildcards()
    {
        Assert.Contains("only one", Refused(new RuleConditionInput { Field = "path-pattern", Values = ["/a"] }, new RuleConditionInput { Field = "path-pattern", Values = ["/b"] }).Message, StringComparison.Ordinal);
        Assert.Contains("5 condition values", Refused(new RuleConditionInput { Field = "path-pattern", Values = ["/1", "/2", "/3", "/4", "/5", "/6"] }).Message, StringComparison.Ordinal);
        Assert.Contains("wildcards", Refused(new RuleConditionInput { Field = "path-pattern", Values = ["/*/*/*", "/?/?/?"] }).Message, StringComparison.Ordinal);
        Assert.Equal(5, RuleConditions.Normalize([new() { Field = "path-pattern", Values = ["/1*", "/2*", "/3*", "/4*", "/5*"] }])[0].Values.Count);
    }
}
