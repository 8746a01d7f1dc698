using Berth.Kernel;
using Berth.TestSupport;

namespace Berth.Iam.Policy.Tests;

/// <summary>What IAM refuses in an identity policy, and with which message.</summary>
public sealed class ParseTests
{
    const string Bucket = "arn:aws:s3:::example_bucket";

    static string Statement(string body) => $$"""{"Version":"2012-10-17","Statement":{{body}}}""";

    static void Refused(string document, string message, PolicyKind kind = PolicyKind.Identity)
    {
        var e = AwsAssert.Refused(() => PolicyDocument.Parse(document, kind), "MalformedPolicyDocument");
        Assert.Equal(message, e.Message);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "This is not a json document", "Syntax errors in policy." },
        { "", "Syntax errors in policy." },
        { "[]", "Syntax errors in policy." },
        { """{"Version":"2013-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}}""", "Syntax errors in policy." },
        { """{"Version":"2012-10-17"}""", "Syntax errors in policy." },
        { """{"Version":"2012-10-17","Statement":[]}""", "Syntax errors in policy." },
        { """{"Version":"2012-10-17","Statement":["afd"]}""", "Syntax errors in policy." },
        { """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"},"Extra field":"value"}""", "Syntax errors in policy." },
        { """{"Version":"2012-10-17","Id":{},"Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}}""", "Syntax errors in policy." },
        { Statement($$"""{"Effect":"Allow","Action":"s3:ListBucket","Resource":"{{Bucket}}","Extra field":"value"}"""), "Syntax errors in policy." },
        { Statement($$"""{"Effect":"invalid","Action":"s3:ListBucket","Resource":"{{Bucket}}"}"""), "Syntax errors in policy." },
        { Statement($$"""{"Action":"s3:ListBucket","Resource":"{{Bucket}}"}"""), "Syntax errors in policy." },
        { Statement($$"""{"Effect":"Allow","Action":"s3:ListBucket","NotAction":"s3:GetObject","Resource":"{{Bucket}}"}"""), "Syntax errors in policy." },
        { Statement($$"""{"Effect":"Allow","Action":"s3:ListBucket","Resource":"{{Bucket}}","NotResource":"*"}"""), "Syntax errors in policy." },
        { Statement("""{"Effect":"Allow","Action":"s3:ListBucket","Resource":{"a":"b"}}"""), "Syntax errors in policy." },
        { Statement("""{"Effect":"Allow","Action":[[]],"Resource":"*"}"""), "Syntax errors in policy." },
        { Statement("""{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":[]}"""), "Syntax errors in policy." },
        { Statement("""{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"DateGreaterThan":"b"}}"""), "Syntax errors in policy." },
        { Statement("""{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"DateGreaterThan":{"a":{}}}}"""), "Syntax errors in policy." },
        { Statement("""{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"x":{"a":"1"}}}"""), "Syntax errors in policy." },
        { Statement("""{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"ForAnyValue::StringEqualsIfExists":{"a":"asf"}}}"""), "Syntax errors in policy." },
        { Statement("""{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"NullIfExists":{"a":"true"}}}"""), "Syntax errors in policy." },
        { Statement("""{"Sid":[],"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}"""), "Syntax errors in policy." },
        { Statement($$"""{"Effect":"denY","Action":"s3:ListBucket","Resource":"{{Bucket}}"}"""), "The policy failed legacy parsing" },
        { Statement($$$"""{"Effect":"Allow","Action":"s3:ListBucket","Resource":"{{{Bucket}}}","Condition":{"DateGreaterThan":{"a":"sdfdsf"} } }"""), "The policy failed legacy parsing" },
        { Statement("""{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3::example_bucket"}"""), "The policy failed legacy parsing" },
        { Statement("""{"Effect":"Allow","NotAction":"s3:ListBucket","Resource":"arn:aws::::example_bucket"}"""), "The policy failed legacy parsing" },
        { Statement("""{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws::fdsasf"}"""), "The policy failed legacy parsing" },
        { """{"Version":"2012-10-17","Statement":[{"Sid":"sdf","Effect":"Allow","Action":"s3:ListBucket","Resource":"*"},{"Sid":"sdf","Effect":"Allow"}]}""", "Statement IDs (SID) in a single policy must be unique." },
        { Statement($$"""{"Effect":"Allow","Resource":"{{Bucket}}"}"""), "Policy statement must contain actions." },
        { Statement($$"""{"Effect":"Allow","Action":[],"Resource":"{{Bucket}}"}"""), "Policy statement must contain actions." },
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Deny"},{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}""", "Policy statement must contain actions." },
        { Statement("""{"Effect":"Allow","Action":"s3:ListBucket"}"""), "Policy statement must contain resources." },
        { Statement("""{"Effect":"Allow","Action":"s3:ListBucket","Resource":[]}"""), "Policy statement must contain resources." },
        { Statement("""{"Effect":"Allow","Action":"s3:ListBucket","Resource":"invalid resource"}"""), "Resource invalid resource must be in ARN format or \"*\"." },
        { Statement("""{"Effect":"Allow","Action":"s3:ListBucket","Resource":""}"""), "Resource  must be in ARN format or \"*\"." },
        { Statement("""{"Effect":"Allow","NotAction":"s3s:ListBucket","Resource":"a:bsdfdsafsad"}"""), "Partition \"bsdfdsafsad\" is not valid for resource \"arn:bsdfdsafsad:*:*:*:*\"." },
        { Statement("""{"Effect":"Allow","NotAction":"s3s:ListBucket","Resource":"a:b:c:d:e:f:g:h"}"""), "Partition \"b\" is not valid for resource \"arn:b:c:d:e:f:g:h\"." },
        { Statement("""{"Effect":"Allow","Action":"s3:ListBucket","Resource":"aws:s3:::example_bucket"}"""), "Partition \"s3\" is not valid for resource \"arn:s3:::example_bucket:*\"." },
        { Statement("""{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws"}"""), "Resource vendor must be fully qualified and cannot contain regexes." },
        { Statement("""{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:iam:::example_bucket"}"""), "IAM resource path must either be \"*\" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/." },
        { Statement("""{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:iam:us-east-1::example_bucket"}"""), "IAM resource arn:aws:iam:us-east-1::example_bucket cannot contain region information." },
        { Statement("""{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:us-east-1::example_bucket"}"""), "Resource arn:aws:s3:us-east-1::example_bucket can not contain region information." },
        { Statement($$"""{"Effect":"Allow","Action":"invalid","Resource":"{{Bucket}}"}"""), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc." },
        { Statement($$"""{"Effect":"Allow","NotAction":"","Resource":"{{Bucket}}"}"""), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc." },
        { Statement($$"""{"Effect":"Allow","Action":"s3:List:Bucket","Resource":"{{Bucket}}"}"""), "Actions/Condition can contain only one colon." },
        { Statement($$"""{"Effect":"Allow","Action":"a a:ListBucket","Resource":"{{Bucket}}"}"""), "Vendor a a is not valid" },
        { Statement("""{"Effect":"Allow","Action":"ec*:List*","Resource":"*"}"""), "Vendor ec* is not valid" },
        { Statement("""{"Effect":"Allow","Principal":"*","Action":"s3:ListBucket","Resource":"*"}"""), "Policy document should not specify a principal." },
        { Statement("""{"Effect":"Deny","NotPrincipal":{"AWS":"123456789012"},"Action":"s3:ListBucket","Resource":"*"}"""), "Policy document should not specify a principal." },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Parse_MalformedIdentityPolicy_RefusedWithIamsMessage(string document, string message)
    {
        Refused(document, message);
    }

    [Fact]
    public void Parse_Null_SyntaxError()
    {
        Refused(null!, "Syntax errors in policy.");
    }

    [Theory]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}}""")]
    [InlineData("""{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}}""")]
    public void Parse_ManagedPolicyOlderThan2012_Refused(string document)
    {
        Refused(document, "Policy document must be version 2012-10-17 or greater.", PolicyKind.Managed);
        Assert.Equal(PolicyDocument.Version2008, PolicyDocument.Parse(document).Version);
    }

    public static TheoryData<string> Accepted => new()
    {
        Statement("""{"Effect":"Allow","Action":"iam: asdf safdsf af ","Resource":"arn:aws:s3:::example_bucket"}"""),
        Statement("""{"Effect":"Allow","Action":"s3:ListBucket","Resource":["arn:aws:s3:::example_bucket","*"]}"""),
        Statement("""{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::example_bucket"}"""),
        Statement("""{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:iam:::user/example_bucket"}"""),
        Statement("""{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:fdsasf"}"""),
        Statement("""{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:ec2:us-east-1::example_bucket"}"""),
        Statement("""{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{}}"""),
        Statement("""{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"DateGreaterThan":{}}}"""),
        Statement("""{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"DateGreaterThan":{"a":[]}}}"""),
        Statement("""{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"x":{},"y":{}}}"""),
        Statement("""{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"ForAnyValue:StringEqualsIfExists":{"a":"asf"}}}"""),
        Statement("""{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"DateLessThanEquals":{"a":"2016-12-13T21:20:37.593194+00:00"}}}"""),
        Statement("""{"Effect":"Allow","Action":"s3-s:ListBucket","Resource":"*"}"""),
        Statement("""{"Effect":"Allow","Action":"s3.s:ListBucket","Resource":"*"}"""),
        Statement("""{"Effect":"Allow","NotAction":"s3:ListBucket","NotResource":"*"}"""),
        """{"Version":"2012-10-17","Id":"sdfsdfsdf","Statement":[{"Sid":"sdf","Effect":"Allow","Action":"s3:ListBucket","Resource":"*"},{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}""",
        """{"Version":"2012-10-17","Statement":[{"Sid":"","Effect":"Allow","Action":"s3:ListBucket","Resource":"*"},{"Sid":"","Effect":"Deny","Action":"s3:PutObject","Resource":"*"}]}""",
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Parse_DocumentIamAccepts_Parsed(string document)
    {
        Assert.NotEmpty(PolicyDocument.Parse(document, PolicyKind.Managed).Statements);
    }

    [Fact]
    public void Parse_StatementObjectOrArray_BothGiveStatements()
    {
        var one = PolicyDocument.Parse(Statement("""{"Sid":"A","Effect":"Allow","Action":["ecs:RunTask","ecs:StopTask"],"Resource":"*"}"""));
        var doc = PolicyDocument.Parse("""{"Version":"2012-10-17","Id":"x","Statement":[{"Effect":"Deny","NotAction":"iam:*","NotResource":"arn:aws:iam::*:user/x"}]}""");

        Assert.Equal("A", Assert.Single(one.Statements).Sid);
        Assert.Equal(["ecs:RunTask", "ecs:StopTask"], one.Statements[0].Actions);
        Assert.Equal(PolicyEffect.Deny, doc.Statements[0].Effect);
        Assert.True(doc.Statements[0].IsNotAction);
        Assert.True(doc.Statements[0].IsNotResource);
        Assert.Equal("x", doc.Id);
        Assert.Equal(PolicyKind.Identity, doc.Kind);
    }

    [Fact]
    public void Parse_ManagedPolicyOverQuota_LimitExceeded()
    {
        var actions = string.Join(",", Enumerable.Range(0, 400).Select(i => $"\"ecs:Action{i:D4}\""));
        var document = Statement($$"""{"Effect":"Allow","Action":[{{actions}}],"Resource":"*"}""");

        var e = Assert.Throws<AwsException>(() => PolicyDocument.Parse(document, PolicyKind.Managed));

        Assert.Equal("LimitExceeded", e.Code);
        Assert.Equal(409, e.StatusCode);
        Assert.Equal("Cannot exceed quota for PolicySize: 6144", e.Message);
        Assert.NotNull(PolicyDocument.Parse(document));
    }

    [Fact]
    public void SizeOf_WhiteSpaceBetweenTokens_NotCounted()
    {
        Assert.Equal(PolicyLimits.SizeOf("""{"a":"b c"}"""), PolicyLimits.SizeOf("{\n  \"a\" :  \"b c\"\n}\n"));
        Assert.Equal(11, PolicyLimits.SizeOf("""{"a":"b c"}"""));
        Assert.Equal(13, PolicyLimits.SizeOf("""{"a":"b\" c"}"""));
    }

    [Fact]
    public void EnsureInlinePoliciesSize_OverTheUsersQuota_LimitExceeded()
    {
        var e = Assert.Throws<AwsException>(() => PolicyLimits.EnsureUserInlinePoliciesSize("alice", 2049));

        Assert.Equal("LimitExceeded", e.Code);
        Assert.Equal("Maximum policy size of 2048 bytes exceeded for user alice", e.Message);
        PolicyLimits.EnsureUserInlinePoliciesSize("alice", 2048);
        PolicyLimits.EnsureRoleInlinePoliciesSize("deploy", 10240);
        Assert.Throws<AwsException>(() => PolicyLimits.EnsureRoleInlinePoliciesSize("deploy", 10241));
        Assert.Throws<AwsException>(() => PolicyLimits.EnsureGroupInlinePoliciesSize("devs", 5121));
    }
}
