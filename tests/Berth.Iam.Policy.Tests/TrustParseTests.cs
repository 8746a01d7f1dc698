using Berth.Kernel;
using Berth.TestSupport;

namespace Berth.Iam.Policy.Tests;

/// <summary>What IAM refuses in a role's trust policy (and in resource-based policies).</summary>
public sealed class TrustParseTests
{
    static string Trust(string body) => $$"""{"Version":"2012-10-17","Statement":[{{body}}]}""";

    public static TheoryData<string, string> Malformed => new()
    {
        { "{nope", "This policy contains invalid Json" },
        { """{"Version":"2012-10-17","Statement":[]}""", "Syntax errors in policy." },
        { Trust("""{"Effect":"Allow","Action":"sts:AssumeRole"}"""), "Missing required field Principal" },
        { Trust("""{"Effect":"Allow","Principal":{},"Action":"sts:AssumeRole"}"""), "Missing required field Principal" },
        { Trust("""{"Effect":"Allow","Principal":"arn:aws:iam::123456789012:root","Action":"sts:AssumeRole"}"""), "Syntax errors in policy." },
        { Trust("""{"Effect":"Allow","Principal":{"Unknown":"x"},"Action":"sts:AssumeRole"}"""), "Syntax errors in policy." },
        { Trust("""{"Effect":"Allow","Principal":{"AWS":"alice"},"Action":"sts:AssumeRole"}"""), "Invalid principal in policy: \"AWS\":\"alice\"" },
        { Trust("""{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/*"},"Action":"sts:AssumeRole"}"""), "Invalid principal in policy: \"AWS\":\"arn:aws:iam::123456789012:user/*\"" },
        { Trust("""{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::12345:root"},"Action":"sts:AssumeRole"}"""), "Invalid principal in policy: \"AWS\":\"arn:aws:iam::12345:root\"" },
        { Trust("""{"Effect":"Allow","Principal":{"AWS":"arn:aws:s3:::bucket"},"Action":"sts:AssumeRole"}"""), "Invalid principal in policy: \"AWS\":\"arn:aws:s3:::bucket\"" },
        { Trust("""{"Effect":"Allow","Principal":{"Service":"*"},"Action":"sts:AssumeRole"}"""), "Invalid principal in policy: \"SERVICE\":\"*\"" },
        { Trust("""{"Effect":"Allow","NotPrincipal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"}"""), "Allow with NotPrincipal is not allowed." },
        { Trust("""{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"}}"""), "Missing required field Action" },
        { Trust("""{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole","Resource":"*"}"""), "Has prohibited field Resource" },
        { Trust("""{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole","NotResource":"*"}"""), "Has prohibited field Resource" },
        { Trust("""{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"ecs:RunTask"}"""), "AssumeRole policy may only specify STS AssumeRole actions." },
        { Trust("""{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:GetCallerIdentity"}"""), "AssumeRole policy may only specify STS AssumeRole actions." },
        { Trust("""{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"AssumeRole"}"""), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc." },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void ParseTrustPolicy_Malformed_RefusedWithIamsMessage(string document, string message)
    {
        var e = AwsAssert.Refused(() => PolicyDocument.ParseTrustPolicy(document), "MalformedPolicyDocument");
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""")]
    [InlineData("""{"Version":"2008-10-17","Statement":[{"Sid":"","Effect":"Allow","Principal":{"Service":["ecs.amazonaws.com"]},"Action":"sts:AssumeRole"}]}""")]
    [InlineData("""{"Statement":{"Effect":"Allow","Principal":{"AWS":["123456789012","arn:aws:iam::123456789012:root","arn:aws:iam::123456789012:role/x","arn:aws:sts::123456789012:assumed-role/x/s"]},"Action":["sts:AssumeRole","sts:TagSession"]}}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole*","Condition":{"StringEquals":{"sts:ExternalId":"x"}}}}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*"}}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.example.com"},"Action":"sts:AssumeRoleWithWebIdentity"}}""")]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"},{"Effect":"Deny","NotPrincipal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"}]}""")]
    public void ParseTrustPolicy_DocumentIamAccepts_Parsed(string document)
    {
        Assert.Equal(PolicyKind.Trust, PolicyDocument.ParseTrustPolicy(document).Kind);
    }

    [Fact]
    public void ParseTrustPolicy_OverQuota_LimitExceeded()
    {
        var services = string.Join(",", Enumerable.Range(0, 100).Select(i => $"\"service{i:D3}.amazonaws.com\""));
        var document = Trust($$"""{"Effect":"Allow","Principal":{"Service":[{{services}}]},"Action":"sts:AssumeRole"}""");

        var e = Assert.Throws<AwsException>(() => PolicyDocument.ParseTrustPolicy(document));

        Assert.Equal("LimitExceeded", e.Code);
        Assert.Equal("Cannot exceed quota for ACLSizePerRole: 2048", e.Message);
    }

    [Fact]
    public void Parse_ResourcePolicyWithoutPrincipal_Refused()
    {
        var e = AwsAssert.Refused(() => PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ecr:*"}}""", PolicyKind.Resource), "MalformedPolicyDocument");
        Assert.Equal("Missing required field Principal", e.Message);
    }

    [Fact]
    public void Parse_ResourcePolicyWithResource_Accepted()
    {
        var doc = PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}}""", PolicyKind.Resource);
        Assert.Single(doc.Statements);
    }
}
