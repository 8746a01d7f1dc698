using Berth.Ecs.Secrets;

namespace Berth.Ecs.Tests.Secrets;

public sealed class ValueFromTests
{
    const string Secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf";

    [Fact]
    public void Parse_SecretArn_ReadsTheWholeSecret()
    {
        var (found, problem) = ValueFrom.Parse(Secret);
        Assert.Null(problem);
        Assert.Equal(ValueFrom.SecretsManager, found!.Service);
        Assert.Equal(Secret, found.Request.Id);
        Assert.Null(found.Request.JsonKey);
        Assert.Equal("asm", found.ShortName);
    }

    [Theory]
    [InlineData(":password::", "password", null, null)]
    [InlineData(":password:AWSPREVIOUS:", "password", "AWSPREVIOUS", null)]
    [InlineData("::AWSCURRENT:", null, "AWSCURRENT", null)]
    [InlineData(":::EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE", null, null, "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE")]
    [InlineData(":key:stage:id", "key", "stage", "id")]
    public void Parse_SecretArnWithSuffix_SelectsKeyStageAndVersion(string suffix, string? key, string? stage, string? version)
    {
        var (found, _) = ValueFrom.Parse(Secret + suffix);
        Assert.Equal(Secret, found!.Request.Id);
        Assert.Equal(key, found.Request.JsonKey);
        Assert.Equal(stage, found.Request.VersionStage);
        Assert.Equal(version, found.Request.VersionId);
    }

    [Theory]
    [InlineData(Secret + ":password")]
    [InlineData(Secret + ":password:")]
    [InlineData(Secret + ":a:b:c:d")]
    [InlineData("arn:aws:secretsmanager:us-east-1:123456789012:secret:")]
    [InlineData("arn:aws:secretsmanager:us-east-1:123456789012:db")]
    public void Parse_SecretArnMalformed_IsRefusedAsTheAgentDoes(string valueFrom)
    {
        var (found, problem) = ValueFrom.Parse(valueFrom);
        Assert.Null(found);
        Assert.Contains("an invalid ARN format for the AWS Secrets Manager secret was specified", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("arn:aws:ssm:us-east-1:123456789012:parameter/app/token")]
    [InlineData("/app/token")]
    [InlineData("token")]
    public void Parse_ParameterArnOrName_IsSsm(string valueFrom)
    {
        var (found, problem) = ValueFrom.Parse(valueFrom);
        Assert.Null(problem);
        Assert.Equal(ValueFrom.Ssm, found!.Service);
        Assert.Equal(valueFrom, found.Request.Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(null)]
    [InlineData("a b")]
    [InlineData("arn:aws:ssm:us-east-1:123456789012:document/x")]
    [InlineData("arn:aws:s3:::bucket/key")]
    public void Parse_NothingEcsCanRead_SaysWhy(string? valueFrom)
    {
        var (found, problem) = ValueFrom.Parse(valueFrom);
        Assert.Null(found);
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Theory]
    [InlineData("registry-login", true)]
    [InlineData(Secret, true)]
    [InlineData(Secret + ":password::", false)]
    [InlineData("arn:aws:ssm:us-east-1:123456789012:parameter/login", false)]
    [InlineData("a:b", false)]
    [InlineData("", false)]
    public void ParseCredentials_SecretByNameOrArnOnly(string parameter, bool valid)
    {
        var (found, problem) = ValueFrom.ParseCredentials(parameter);
        Assert.Equal(valid, found is not null);
        Assert.Equal(valid, problem is null);
        if (valid)
            Assert.Equal(ValueFrom.SecretsManager, found!.Service);
    }
}
