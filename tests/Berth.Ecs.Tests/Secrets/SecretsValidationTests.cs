using Berth.Ecs.Model;
using Berth.Ecs.Tests.Support;
using Berth.Ecs.Validation;
using Berth.Kernel;

namespace Berth.Ecs.Tests.Secrets;

/// <summary>RegisterTaskDefinition's checks of secrets, repository credentials and the execution role, with ECS's messages.</summary>
public sealed class SecretsValidationTests
{
    const string Role = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole";
    const string SecretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf";

    static Secret S(string name, string valueFrom) => new() { Name = name, ValueFrom = valueFrom };

    static TaskDefinition WithSecrets(string? role, params Secret[] secrets)
    {
        var c = Defs.Container();
        c.Secrets = [.. secrets];
        var td = Defs.Task(c);
        td.ExecutionRoleArn = role;
        return td;
    }

    static string Refused(TaskDefinition td)
    {
        var e = Assert.Throws<AwsException>(() => TaskDefinitionValidator.Normalize(td));
        Assert.Equal("ClientException", e.Code);
        return e.Message;
    }

    [Fact]
    public void Normalize_SecretsWithRole_AreKeptAsGiven()
    {
        var td = TaskDefinitionValidator.Normalize(WithSecrets(Role, S("DB_PASSWORD", SecretArn + ":password::"), S("TOKEN", "/app/token")));
        var secrets = td.ContainerDefinitions![0].Secrets!;
        Assert.Equal(["DB_PASSWORD", "TOKEN"], secrets.Select(s => s.Name));
        Assert.Equal([SecretArn + ":password::", "/app/token"], secrets.Select(s => s.ValueFrom));
    }

    [Fact]
    public void Normalize_SecretsWithoutRole_RefusedWithEcsMessage() =>
        Assert.Equal("When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.", Refused(WithSecrets(null, S("A", "/a"))));

    [Fact]
    public void Normalize_RepositoryCredentialsWithoutRole_RefusedWithEcsMessage()
    {
        var c = Defs.Container();
        c.RepositoryCredentials = new RepositoryCredentials { CredentialsParameter = SecretArn };
        Assert.Equal("Private repository authentication requires that the task definition specify a value for executionRoleArn.", Refused(Defs.Task(c)));
    }

    [Theory]
    [InlineData("ecsTaskExecutionRole")]
    [InlineData("arn:aws:iam::123456789012:user/bob")]
    [InlineData("arn:aws:iam::12345:role/x")]
    public void Normalize_ExecutionRoleNotARoleArn_RoleIsNotValid(string role) =>
        Assert.Equal("Role is not valid", Refused(WithSecrets(role)));

    [Fact]
    public void Normalize_DuplicateSecretNames_Refused() =>
        Assert.Equal("Duplicate secret names found: A. Each secret name must be unique.", Refused(WithSecrets(Role, S("A", "/a"), S("A", "/b"))));

    [Fact]
    public void Normalize_SecretNamedLikeAnEnvironmentVariable_Refused()
    {
        var td = WithSecrets(Role, S("DB_PASSWORD", "/db"));
        td.ContainerDefinitions![0].Environment = [new KeyValue { Name = "DB_PASSWORD", Value = "plain" }];
        Assert.Equal("The secret name must be unique and not shared with any new or existing environment variables set on the container, such as 'DB_PASSWORD'.", Refused(td));
    }

    [Theory]
    [InlineData("", "/a")]
    [InlineData("A", "")]
    [InlineData("A", SecretArn + ":password")]
    [InlineData("A", "arn:aws:s3:::bucket")]
    public void Normalize_SecretMalformed_RefusedNamingTheContainer(string name, string valueFrom) =>
        Assert.StartsWith("Container 'app':", Refused(WithSecrets(Role, S(name, valueFrom))), StringComparison.Ordinal);

    [Fact]
    public void Normalize_CredentialsParameterNotASecret_Refused()
    {
        var c = Defs.Container();
        c.RepositoryCredentials = new RepositoryCredentials { CredentialsParameter = "arn:aws:ssm:us-east-1:123456789012:parameter/login" };
        var td = Defs.Task(c);
        td.ExecutionRoleArn = Role;
        Assert.Contains("credentialsParameter", Refused(td), StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_LogSecretOptions_RefusedNamingTheField()
    {
        var c = Defs.Container();
        c.LogConfiguration = new LogConfiguration
        {
            LogDriver = "awslogs",
            Options = new() { ["awslogs-group"] = "/ecs/app", ["awslogs-stream-prefix"] = "ecs" },
            SecretOptions = [S("awslogs-group", "/log/group")],
        };
        var td = Defs.Task(c);
        td.ExecutionRoleArn = Role;
        Assert.Contains("logConfiguration.secretOptions", Refused(td), StringComparison.Ordinal);
    }
}
