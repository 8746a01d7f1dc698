using static Berth.Iam.Policy.Tests.Fixtures;

namespace Berth.Iam.Policy.Tests;

/// <summary>Every condition operator family, with the documented rules for missing keys and several values.</summary>
public sealed class ConditionTests
{
    static RequestContext WithKey(string key, params string[] values) => Request("ecs:RunTask", Cluster("b"), keys: Keys((key, values)));

    static readonly RequestContext Bare = Request("ecs:RunTask", Cluster("b"));

    [Theory]
    [InlineData("StringEquals", "prod", "prod", true)]
    [InlineData("StringEquals", "prod", "Prod", false)]
    [InlineData("StringNotEquals", "prod", "prod", false)]
    [InlineData("StringNotEquals", "prod", "dev", true)]
    [InlineData("StringEqualsIgnoreCase", "prod", "PROD", true)]
    [InlineData("StringNotEqualsIgnoreCase", "prod", "PROD", false)]
    [InlineData("StringLike", "pr*", "prod", true)]
    [InlineData("StringLike", "pr?d", "prod", true)]
    [InlineData("StringLike", "Pr*", "prod", false)]
    [InlineData("StringNotLike", "pr*", "prod", false)]
    [InlineData("StringNotLike", "dev*", "prod", true)]
    [InlineData("StringEquals", "pr*", "prod", false)]
    public void Condition_StringOperators_CompareAsDocumented(string op, string policyValue, string requestValue, bool holds)
    {
        Assert.Equal(holds, ConditionHolds($$$"""{"{{{op}}}":{"ecs:cluster":"{{{policyValue}}}"}}""", WithKey("ecs:cluster", requestValue)));
    }

    [Theory]
    [InlineData("NumericEquals", "10", "10", true)]
    [InlineData("NumericEquals", "10", "10.0", true)]
    [InlineData("NumericNotEquals", "10", "11", true)]
    [InlineData("NumericLessThan", "10", "9", true)]
    [InlineData("NumericLessThan", "10", "10", false)]
    [InlineData("NumericLessThanEquals", "10", "10", true)]
    [InlineData("NumericGreaterThan", "10", "10.5", true)]
    [InlineData("NumericGreaterThanEquals", "10", "9", false)]
    [InlineData("NumericEquals", "10", "ten", false)]
    public void Condition_NumericOperators_CompareNumbers(string op, string policyValue, string requestValue, bool holds)
    {
        Assert.Equal(holds, ConditionHolds($$$"""{"{{{op}}}":{"s3:max-keys":"{{{policyValue}}}"}}""", WithKey("s3:max-keys", requestValue)));
    }

    [Fact]
    public void Condition_NumericValueAsJsonNumber_Accepted()
    {
        Assert.True(ConditionHolds("""{"NumericLessThanEquals":{"s3:max-keys":10}}""", WithKey("s3:max-keys", "7")));
    }

    [Theory]
    [InlineData("DateLessThan", "2024-06-01T00:00:00Z", true)]
    [InlineData("DateGreaterThan", "2024-06-01T00:00:00Z", false)]
    [InlineData("DateGreaterThan", "2024-05-01T11:59:59Z", true)]
    [InlineData("DateEquals", "2024-05-01T12:00:00Z", true)]
    [InlineData("DateNotEquals", "2024-05-01T12:00:00Z", false)]
    [InlineData("DateLessThanEquals", "2024-05-01T14:00:00+02:00", true)]
    [InlineData("DateGreaterThanEquals", "1714564800", true)]
    [InlineData("DateLessThan", "2024-05-02", true)]
    public void Condition_DateOperators_CompareTheRequestTime(string op, string policyValue, bool holds)
    {
        Assert.Equal(holds, ConditionHolds($$$"""{"{{{op}}}":{"aws:CurrentTime":"{{{policyValue}}}"}}""", Bare));
    }

    [Fact]
    public void Condition_EpochTime_ComparesAsNumberAndDate()
    {
        Assert.True(ConditionHolds("""{"NumericGreaterThan":{"aws:EpochTime":"1714564799"}}""", Bare));
        Assert.True(ConditionHolds("""{"DateEquals":{"aws:EpochTime":"2024-05-01T12:00:00Z"}}""", Bare));
    }

    [Theory]
    [InlineData("true", true, true)]
    [InlineData("false", true, false)]
    [InlineData("FALSE", false, true)]
    public void Condition_Bool_ComparesSecureTransport(string policyValue, bool secure, bool holds)
    {
        Assert.Equal(holds, ConditionHolds($$$"""{"Bool":{"aws:SecureTransport":"{{{policyValue}}}"}}""", Request("ecs:RunTask", secure: secure)));
    }

    [Fact]
    public void Condition_BoolAsJsonBoolean_Accepted()
    {
        Assert.True(ConditionHolds("""{"Bool":{"aws:ViaAWSService":false}}""", Bare));
    }

    [Theory]
    [InlineData("QmluYXJ5VmFsdWU=", "QmluYXJ5VmFsdWU=", true)]
    [InlineData("QmluYXJ5VmFsdWU=", "T3RoZXI=", false)]
    [InlineData("QmluYXJ5VmFsdWU=", "not base64!", false)]
    public void Condition_BinaryEquals_ComparesTheBytes(string policyValue, string requestValue, bool holds)
    {
        Assert.Equal(holds, ConditionHolds($$$"""{"BinaryEquals":{"x:blob":"{{{policyValue}}}"}}""", WithKey("x:blob", requestValue)));
    }

    [Theory]
    [InlineData("IpAddress", "203.0.113.0/24", "203.0.113.77", true)]
    [InlineData("IpAddress", "203.0.113.0/24", "203.0.114.1", false)]
    [InlineData("IpAddress", "203.0.113.7", "203.0.113.7", true)]
    [InlineData("IpAddress", "10.0.0.0/9", "10.127.255.255", true)]
    [InlineData("IpAddress", "10.0.0.0/9", "10.128.0.0", false)]
    [InlineData("IpAddress", "2001:DB8:1234:5678::/64", "2001:db8:1234:5678::1", true)]
    [InlineData("IpAddress", "2001:DB8:1234:5678::/64", "2001:db8:1234:5679::1", false)]
    [InlineData("IpAddress", "203.0.113.0/24", "2001:db8::1", false)]
    [InlineData("IpAddress", "203.0.113.0/24", "::ffff:203.0.113.9", true)]
    [InlineData("NotIpAddress", "203.0.113.0/24", "198.51.100.1", true)]
    [InlineData("NotIpAddress", "203.0.113.0/24", "203.0.113.1", false)]
    public void Condition_IpAddress_MatchesV4AndV6Blocks(string op, string block, string sourceIp, bool holds)
    {
        Assert.Equal(holds, ConditionHolds($$$"""{"{{{op}}}":{"aws:SourceIp":"{{{block}}}"}}""", Request("ecs:RunTask", sourceIp: sourceIp)));
    }

    [Theory]
    [InlineData("ArnEquals", "arn:aws:iam::123456789012:role/deploy", true)]
    [InlineData("ArnLike", "arn:aws:iam::123456789012:role/*", true)]
    [InlineData("ArnEquals", "arn:aws:iam::*:role/deploy", true)]
    [InlineData("ArnLike", "arn:aws:iam::123456789012:role/Deploy", false)]
    [InlineData("ArnNotEquals", "arn:aws:iam::123456789012:role/deploy", false)]
    [InlineData("ArnNotLike", "arn:aws:iam::123456789012:user/*", true)]
    [InlineData("ArnLike", "arn:aws:iam::*", true)]
    public void Condition_ArnOperators_MatchPartByPart(string op, string pattern, bool holds)
    {
        Assert.Equal(holds, ConditionHolds($$$"""{"{{{op}}}":{"aws:PrincipalArn":"{{{pattern}}}"}}""", Request("ecs:RunTask", principal: DeploySession)));
    }

    [Fact]
    public void Condition_ArnLikeWithANonArnValue_DoesNotMatch()
    {
        Assert.False(ConditionHolds("""{"ArnLike":{"x:target":"arn:aws:ecs:*:*:*"}}""", WithKey("x:target", "not-an-arn")));
    }

    [Theory]
    [InlineData("true", false, true)]
    [InlineData("true", true, false)]
    [InlineData("false", true, true)]
    [InlineData("false", false, false)]
    public void Condition_Null_TestsPresence(string policyValue, bool present, bool holds)
    {
        var request = present ? WithKey("aws:TokenIssueTime", "2024-05-01T11:00:00Z") : Bare;
        Assert.Equal(holds, ConditionHolds($$$"""{"Null":{"aws:TokenIssueTime":"{{{policyValue}}}"}}""", request));
    }

    [Theory]
    [InlineData("StringEquals", false)]
    [InlineData("StringLike", false)]
    [InlineData("NumericLessThan", false)]
    [InlineData("DateGreaterThan", false)]
    [InlineData("Bool", false)]
    [InlineData("IpAddress", false)]
    [InlineData("ArnLike", false)]
    [InlineData("StringNotEquals", true)]
    [InlineData("StringNotLike", true)]
    [InlineData("NotIpAddress", true)]
    [InlineData("ArnNotLike", true)]
    [InlineData("StringEqualsIfExists", true)]
    [InlineData("NumericLessThanIfExists", true)]
    [InlineData("ForAllValues:StringEquals", true)]
    [InlineData("ForAnyValue:StringEquals", false)]
    [InlineData("ForAnyValue:StringEqualsIfExists", true)]
    public void Condition_KeyMissing_FalseExceptNegatedIfExistsAndForAllValues(string op, bool holds)
    {
        Assert.Equal(holds, ConditionHolds($$$"""{"{{{op}}}":{"ecs:cluster":"1"}}""", Bare));
    }

    [Fact]
    public void Condition_IfExistsWithKeyPresent_AppliesTheOperator()
    {
        var condition = """{"StringEqualsIfExists":{"ecs:cluster":"prod"}}""";
        Assert.True(ConditionHolds(condition, WithKey("ecs:cluster", "prod")));
        Assert.False(ConditionHolds(condition, WithKey("ecs:cluster", "dev")));
    }

    [Fact]
    public void Condition_SeveralValues_AreOred()
    {
        var condition = """{"StringEquals":{"ecs:cluster":["dev","test"]}}""";
        Assert.True(ConditionHolds(condition, WithKey("ecs:cluster", "test")));
        Assert.False(ConditionHolds(condition, WithKey("ecs:cluster", "prod")));
    }

    [Fact]
    public void Condition_SeveralValuesOfANegatedOperator_AreNored()
    {
        var condition = """{"StringNotEquals":{"ecs:cluster":["dev","test"]}}""";
        Assert.False(ConditionHolds(condition, WithKey("ecs:cluster", "test")));
        Assert.True(ConditionHolds(condition, WithKey("ecs:cluster", "prod")));
    }

    [Fact]
    public void Condition_SeveralKeysAndOperators_AreAnded()
    {
        var condition = """{"StringEquals":{"ecs:cluster":"prod","aws:PrincipalTag/team":"blue"},"Bool":{"aws:SecureTransport":"true"}}""";
        var keys = Keys(("ecs:cluster", ["prod"]));

        Assert.True(ConditionHolds(condition, Request("ecs:RunTask", keys: keys, secure: true)));
        Assert.False(ConditionHolds(condition, Request("ecs:RunTask", keys: keys, secure: false)));
        Assert.False(ConditionHolds(condition, Request("ecs:RunTask", principal: Bob, keys: keys, secure: true)));
    }

    [Theory]
    [InlineData(new[] { "env" }, true)]
    [InlineData(new[] { "env", "team" }, true)]
    [InlineData(new[] { "env", "owner" }, false)]
    [InlineData(new string[0], true)]
    public void Condition_ForAllValues_EveryRequestValueInThePolicySet(string[] tagKeys, bool holds)
    {
        var tags = tagKeys.ToDictionary(k => k, _ => "v");
        Assert.Equal(holds, ConditionHolds("""{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}}""", Request("ecs:TagResource", requestTags: tags)));
    }

    [Theory]
    [InlineData(new[] { "env" }, true)]
    [InlineData(new[] { "owner", "team" }, true)]
    [InlineData(new[] { "owner" }, false)]
    [InlineData(new string[0], false)]
    public void Condition_ForAnyValue_SomeRequestValueInThePolicySet(string[] tagKeys, bool holds)
    {
        var tags = tagKeys.ToDictionary(k => k, _ => "v");
        Assert.Equal(holds, ConditionHolds("""{"ForAnyValue:StringEquals":{"aws:TagKeys":["env","team"]}}""", Request("ecs:TagResource", requestTags: tags)));
    }

    [Theory]
    // The IAM guide's table for a Deny with ForAllValues:StringNotLike on aws:TagKeys "key1*".
    [InlineData(new[] { "key1:legal" }, false)]
    [InlineData(new[] { "key1:hr", "key1:personnel" }, false)]
    [InlineData(new[] { "key2:audit" }, true)]
    [InlineData(new string[0], true)]
    public void Condition_ForAllValuesNegated_EveryRequestValueOutsideThePolicySet(string[] tagKeys, bool matches)
    {
        var tags = tagKeys.ToDictionary(k => k, _ => "v");
        Assert.Equal(matches, ConditionHolds("""{"ForAllValues:StringNotLike":{"aws:TagKeys":"key1*"}}""", Request("ecs:TagResource", requestTags: tags)));
    }

    [Fact]
    public void Condition_ForAnyValueNegated_SomeRequestValueOutsideThePolicySet()
    {
        var condition = """{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["env","team"]}}""";
        Assert.True(ConditionHolds(condition, Request("ecs:TagResource", requestTags: new Dictionary<string, string> { ["env"] = "v", ["x"] = "v" })));
        Assert.False(ConditionHolds(condition, Request("ecs:TagResource", requestTags: new Dictionary<string, string> { ["env"] = "v" })));
    }

    [Fact]
    public void Condition_MultivaluedKeyWithoutSetOperator_AnyValueMatches()
    {
        Assert.True(ConditionHolds("""{"StringEquals":{"x:list":"b"}}""", WithKey("x:list", "a", "b")));
    }

    [Fact]
    public void Condition_KeyNames_CaseInsensitive()
    {
        Assert.True(ConditionHolds("""{"StringEquals":{"ECS:Cluster":"prod"}}""", WithKey("ecs:cluster", "prod")));
        Assert.True(ConditionHolds("""{"StringEquals":{"AWS:PRINCIPALTAG/TEAM":"blue"}}""", Bare));
    }

    [Fact]
    public void Condition_GlobalPrincipalKeys_DescribeTheCaller()
    {
        Assert.True(ConditionHolds("""{"StringEquals":{"aws:PrincipalArn":"arn:aws:iam::123456789012:role/deploy","aws:PrincipalType":"AssumedRole","aws:userid":"AROADEPLOY000000000:ci","aws:PrincipalAccount":"123456789012"}}""", Request("ecs:RunTask", principal: DeploySession)));
        Assert.True(ConditionHolds("""{"StringEquals":{"aws:username":"alice","aws:PrincipalType":"User","aws:RequestedRegion":"us-east-1"}}""", Bare));
        Assert.False(ConditionHolds("""{"StringLike":{"aws:username":"*"}}""", Request("ecs:RunTask", principal: DeploySession)));
    }

    [Fact]
    public void Condition_RequestAndResourceTags_ReadTheirOwnTags()
    {
        var request = Request("ecs:TagResource", requestTags: new Dictionary<string, string> { ["env"] = "dev" }, resourceTags: new Dictionary<string, string> { ["owner"] = "alice" });

        Assert.True(ConditionHolds("""{"StringEquals":{"aws:RequestTag/env":"dev","aws:ResourceTag/owner":"alice"}}""", request));
        Assert.False(ConditionHolds("""{"StringEquals":{"aws:ResourceTag/env":"dev"}}""", request));
    }

    [Fact]
    public void Condition_ServiceKey_PassedToService()
    {
        var condition = """{"StringEquals":{"iam:PassedToService":"ecs-tasks.amazonaws.com"}}""";
        Assert.True(ConditionHolds(condition, WithKey("iam:PassedToService", "ecs-tasks.amazonaws.com")));
        Assert.False(ConditionHolds(condition, WithKey("iam:PassedToService", "ec2.amazonaws.com")));
    }

    [Fact]
    public void Condition_EmptyValueList_NeverMatches()
    {
        Assert.False(ConditionHolds("""{"StringEquals":{"ecs:cluster":[]}}""", WithKey("ecs:cluster", "prod")));
    }

    [Fact]
    public void Condition_UnknownOperatorWithoutKeys_Ignored()
    {
        Assert.True(ConditionHolds("""{"SomeFutureOperator":{}}""", Bare));
    }
}
