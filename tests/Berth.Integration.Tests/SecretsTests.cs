using System.Text.Json.Nodes;
using Berth.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Berth.Integration.Tests;

/// <summary>
/// Container secrets end to end: a Secrets Manager secret (one key of its JSON) and an SSM SecureString become
/// environment variables of the container; one that is missing stops the task before it starts, with Fargate's reason.
/// </summary>
[Trait("Requires", "Docker")]
public sealed class SecretsTests(BerthFixture fixture, ITestOutputHelper output) : BerthTestBase(fixture, output)
{
    const string Prefix = "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ";
    const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    const string ReadSecrets = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["secretsmanager:GetSecretValue","ssm:GetParameters"],"Resource":"*"}]}""";

    [BerthFact]
    public async Task RunTask_SecretsManagerJsonKeyAndSsmSecureString_AreTheContainersEnvironment()
    {
        if (Skipped())
            return;
        var mark = Fixture.Berth.OutputMark;
        var password = $"pw-{Guid.NewGuid():N}";
        var token = $"tok-{Guid.NewGuid():N}";
        var secret = await Ecs.SecretsManagerAsync("CreateSecret", new JsonObject
        {
            ["Name"] = $"{Cluster}/db",
            ["SecretString"] = $$"""{"username":"app","password":"{{password}}"}""",
        }, Ct);
        var secretArn = secret.GetProperty("ARN").GetString()!;
        await Ecs.SsmAsync("PutParameter", new JsonObject { ["Name"] = $"/{Cluster}/token", ["Type"] = "SecureString", ["Value"] = token }, Ct);

        // The container checks its environment and says only whether it matched: its output never holds a value.
        var app = Container("app", $"test \"$DB_PASSWORD\" = '{password}' && test \"$API_TOKEN\" = '{token}' && test \"$DB_USER\" = app && echo matched && exit 0; echo mismatch; exit 3");
        var secrets = new JsonArray(
            new JsonObject { ["name"] = "DB_PASSWORD", ["valueFrom"] = $"{secretArn}:password::" },
            new JsonObject { ["name"] = "DB_USER", ["valueFrom"] = $"{secretArn}:username:AWSCURRENT:" },
            new JsonObject { ["name"] = "API_TOKEN", ["valueFrom"] = $"/{Cluster}/token" });
        app["secrets"] = secrets.DeepClone();
        var td = await RegisterWithRoleAsync("secrets", app);

        var described = await Ecs.EcsAsync("DescribeTaskDefinition", new JsonObject { ["taskDefinition"] = td }, Ct);
        var echoed = JsonNode.Parse(described.GetProperty("taskDefinition").GetProperty("containerDefinitions")[0].GetProperty("secrets").GetRawText());
        Assert.True(JsonNode.DeepEquals(secrets, echoed), $"secrets echoed as {echoed}");

        var task = await WaitForStoppedAsync(await RunOneAsync(td));
        Assert.Equal("EssentialContainerExited", task.StopCode);
        Assert.Equal(0, task.Container("app").ExitCode);

        // The values are in the container's environment and nowhere Berth reports or logs.
        Assert.DoesNotContain(password, task.Json.GetRawText(), StringComparison.Ordinal);
        var berthd = string.Join('\n', Fixture.Berth.OutputSince(mark));
        Assert.DoesNotContain(password, berthd, StringComparison.Ordinal);
        Assert.DoesNotContain(token, berthd, StringComparison.Ordinal);
    }

    [BerthFact]
    public async Task RunTask_SsmParameterMissing_StopsWithInvalidSsmParameters()
    {
        if (Skipped())
            return;
        var app = Container("app", "exit 0");
        app["secrets"] = new JsonArray(new JsonObject { ["name"] = "TOKEN", ["valueFrom"] = $"/{Cluster}/missing" });
        var td = await RegisterWithRoleAsync("nossm", app);

        var task = await WaitForStoppedAsync(await RunOneAsync(td));

        Assert.Equal("TaskFailedToStart", task.StopCode);
        Assert.Equal($"{Prefix}unable to retrieve secrets from ssm: service call has been retried 1 time(s): invalid ssm parameters: /{Cluster}/missing", task.StoppedReason);
        Assert.Null(task.StartedAt);
        Assert.Null(await Engine.Containers.InspectAsync(EngineName(task.TaskId, "app"), Ct));
    }

    [BerthFact]
    public async Task RunTask_SecretMissing_StopsWithResourceNotFound()
    {
        if (Skipped())
            return;
        var account = (await Aws.RunAsync(Ct, "sts", "get-caller-identity")).GetProperty("Account").GetString();
        var missing = $"arn:aws:secretsmanager:us-east-1:{account}:secret:{Cluster}-gone-AbCdEf";
        var app = Container("app", "exit 0");
        app["secrets"] = new JsonArray(new JsonObject { ["name"] = "PASSWORD", ["valueFrom"] = missing });
        var td = await RegisterWithRoleAsync("noasm", app);

        var task = await WaitForStoppedAsync(await RunOneAsync(td));

        Assert.Equal("TaskFailedToStart", task.StopCode);
        Assert.Equal($"{Prefix}unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret {missing} from secrets manager: "
            + "ResourceNotFoundException: Secrets Manager can't find the specified secret. status code: 400", task.StoppedReason);
        Assert.Null(await Engine.Containers.InspectAsync(EngineName(task.TaskId, "app"), Ct));
    }

    AwsCli Aws => new(Fixture.Berth.Endpoint, BerthFixture.AccessKeyId, BerthFixture.SecretAccessKey);

    /// <summary>A task definition whose execution role (made here, through IAM) may read secrets and parameters.</summary>
    async Task<string> RegisterWithRoleAsync(string name, JsonObject container)
    {
        var aws = Aws;
        var roleName = $"{Cluster}-{name}-exec";
        var role = await aws.RunAsync(Ct, "iam", "create-role", "--role-name", roleName, "--assume-role-policy-document", Trust);
        await aws.RunAsync(Ct, "iam", "put-role-policy", "--role-name", roleName, "--policy-name", "read-secrets", "--policy-document", ReadSecrets);
        return await Ecs.RegisterTaskDefinitionAsync(new JsonObject
        {
            ["family"] = Family(name),
            ["requiresCompatibilities"] = new JsonArray("FARGATE"),
            ["networkMode"] = "awsvpc",
            ["cpu"] = "256",
            ["memory"] = "512",
            ["executionRoleArn"] = role.GetProperty("Role").GetProperty("Arn").GetString(),
            ["containerDefinitions"] = new JsonArray(container),
        }, Ct);
    }
}
