using Berth.TestSupport;

namespace Berth.Ecr.Tests;

public sealed class RepositoryPoliciesTests
{
    const string Pull = """
        {"Version":"2012-10-17","Statement":[{"Sid":"pull","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},
        "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}]}
        """;

    [Theory]
    [InlineData(Pull)]
    [InlineData("""{"Statement":{"Effect":"Deny","Principal":"*","Action":"ecr:*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}}""")]
    [InlineData("""{"Version":"2008-10-17","Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"*"},"NotAction":"*"}]}""")]
    public void Validate_AcceptsRepositoryPolicies(string text) => RepositoryPolicies.Validate(text);

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[]", "JSON object")]
    [InlineData("""{"Version":"2012-10-17"}""", "no Statement")]
    [InlineData("""{"Version":"2020-01-01","Statement":[]}""", "Version")]
    [InlineData("""{"Statement":[]}""", "must not be empty")]
    [InlineData("""{"Statement":[{"Effect":"Maybe","Principal":"*","Action":"ecr:*"}]}""", "Effect")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"ecr:*"}]}""", "Principal")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":"someone","Action":"ecr:*"}]}""", "Principal must be")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":"*"}]}""", "Action")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}]}""", "'s3:GetObject' is not an ECR action")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":"*","Action":[1]}]}""", "list of strings")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:*","Condition":"x"}]}""", "Condition")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:*","Extra":1}]}""", "unknown member 'Extra'")]
    [InlineData("""{"Statement":[],"Other":1}""", "unknown member 'Other'")]
    public void Validate_RefusesWhatIsNotARepositoryPolicy(string text, string fragment) =>
        AwsAssert.Refused(() => RepositoryPolicies.Validate(text), "InvalidParameterException", "Invalid repository policy provided", fragment);

    [Fact]
    public void Validate_RefusesMissingAndOversizedText()
    {
        AwsAssert.Refused(() => RepositoryPolicies.Validate(null), "InvalidParameterException", "policyText is required");
        AwsAssert.Refused(() => RepositoryPolicies.Validate(new string(' ', RepositoryPolicies.MaxLength + 1)), "InvalidParameterException", "10240");
    }
}
