using System.Text.Json;
using Berth.Cli.Iam;

namespace Berth.Cli.Tests;

public sealed class SecretAccessTests
{
    const string Region = "us-east-1";
    const string Account = "000000000000";

    [Fact]
    public void ValueFrom_CopilotSecretsManagerName_IsThePartialArn() =>
        Assert.Equal("arn:aws:secretsmanager:us-east-1:000000000000:secret:db/pass:password::",
            SecretAccess.ValueFrom("secretsmanager:db/pass:password::", Region, Account));

    [Theory]
    [InlineData("/app/db-password")]
    [InlineData("arn:aws:ssm:us-east-1:000000000000:parameter/app/db-password")]
    [InlineData("arn:aws:secretsmanager:us-east-1:000000000000:secret:db-AbCdEf")]
    public void ValueFrom_OtherForms_AreLeftAsWritten(string entry) => Assert.Equal(entry, SecretAccess.ValueFrom(entry, Region, Account));

    [Theory]
    [InlineData("/app/db", "ssm:GetParameters", "arn:aws:ssm:us-east-1:000000000000:parameter/app/db")]
    [InlineData("plain", "ssm:GetParameters", "arn:aws:ssm:us-east-1:000000000000:parameter/plain")]
    [InlineData("plain:3", "ssm:GetParameters", "arn:aws:ssm:us-east-1:000000000000:parameter/plain")]
    [InlineData("arn:aws:ssm:us-east-1:000000000000:parameter/app/db:2", "ssm:GetParameters", "arn:aws:ssm:us-east-1:000000000000:parameter/app/db")]
    public void Resources_Parameters_AreTheirArnWithoutSelector(string valueFrom, string action, string resource)
    {
        var found = SecretAccess.Resources(valueFrom, Region, Account);
        Assert.Equal(action, found.Action);
        Assert.Equal([resource], found.Resources);
    }

    [Fact]
    public void Resources_SecretWithJsonKeySuffix_IsTheSecretAndItsRandomSuffixForm()
    {
        var (action, resources) = SecretAccess.Resources("arn:aws:secretsmanager:us-east-1:000000000000:secret:db:password:AWSCURRENT:", Region, Account);
        Assert.Equal("secretsmanager:GetSecretValue", action);
        Assert.Equal(["arn:aws:secretsmanager:us-east-1:000000000000:secret:db", "arn:aws:secretsmanager:us-east-1:000000000000:secret:db-??????"], resources);
    }

    [Fact]
    public void Policy_OneStatementPerService_ExactlyTheNamedResources()
    {
        var policy = SecretAccess.Policy(["/a", "arn:aws:secretsmanager:us-east-1:000000000000:secret:s", "/a", "/b"], Region, Account);
        using var doc = JsonDocument.Parse(policy);
        var statements = doc.RootElement.GetProperty("Statement").EnumerateArray().ToList();
        Assert.Equal("2012-10-17", doc.RootElement.GetProperty("Version").GetString());
        Assert.Equal(2, statements.Count);
        Assert.Equal("secretsmanager:GetSecretValue", statements[0].GetProperty("Action").GetString());
        Assert.Equal(2, statements[0].GetProperty("Resource").GetArrayLength());
        Assert.Equal("ssm:GetParameters", statements[1].GetProperty("Action").GetString());
        Assert.Equal(["arn:aws:ssm:us-east-1:000000000000:parameter/a", "arn:aws:ssm:us-east-1:000000000000:parameter/b"],
            statements[1].GetProperty("Resource").EnumerateArray().Select(r => r.GetString()));
        Assert.All(statements, s => Assert.Equal("Allow", s.GetProperty("Effect").GetString()));
    }

    [Fact]
    public void ExecutionRoleName_Deploy_NamesClusterAndService() =>
        Assert.Equal("prod-web-ExecutionRole", SecretAccess.ExecutionRoleName("prod", "web"));

    [Fact]
    public void ExecutionRoleName_LongProject_FitsIamsLimitAndStaysDistinct()
    {
        var a = SecretAccess.ExecutionRoleName(new string('p', 100) + "a", null);
        var b = SecretAccess.ExecutionRoleName(new string('p', 100) + "b", null);
        Assert.True(a.Length <= 64, a);
        Assert.EndsWith("-ExecutionRole", a);
        Assert.NotEqual(a, b);
    }
}
