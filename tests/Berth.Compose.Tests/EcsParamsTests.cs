using System.Text.Json.Nodes;

namespace Berth.Compose.Tests;

/// <summary>ecs-params.yml beyond the seed: roles, task size notations, per-service settings, ignored run params.</summary>
public class EcsParamsTests
{
    const string Compose = "version: '3'\nservices:\n  web:\n    image: busybox\n  sidecar:\n    image: busybox\n";

    [Fact]
    public void Roles_ByName_PassThroughForTheCliToResolve()
    {
        // ecs-cli took a role's name or ARN; `berth compose` looks names up (GetRole) before it registers.
        using var t = new TempProject().Write("docker-compose.yml", Compose)
            .Write("ecs-params.yml", "version: 1\ntask_definition:\n  task_execution_role: ecsTaskExecutionRole\n  task_role_arn: app-role\n");
        var td = t.Load("ecs-params.yml").TaskDefinition;
        Assert.Equal(("ecsTaskExecutionRole", "app-role"), (td["executionRoleArn"]!.GetValue<string>(), td["taskRoleArn"]!.GetValue<string>()));
    }

    [Fact]
    public void Secrets_WithoutExecutionRole_LeaveTheRoleToTheCli()
    {
        using var t = new TempProject().Write("docker-compose.yml", Compose).Write("ecs-params.yml",
            "version: 1\ntask_definition:\n  services:\n    web:\n      secrets:\n        - name: DB\n          value_from: /app/db\n");
        var p = t.Load("ecs-params.yml");
        Assert.Null(p.TaskDefinition["executionRoleArn"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"name":"DB","valueFrom":"/app/db"}]"""), TempProject.Container(p, "web")["secrets"]));
    }

    [Theory]
    [InlineData("mem_limit: 1GiB\n    cpu_limit: 0.5 vCPU", "512", "1024")]
    [InlineData("mem_limit: 2048\n    cpu_limit: 1024", "1024", "2048")]
    [InlineData("mem_limit: 4GB\n    cpu_limit: 1 vcpu", "1024", "4096")]
    public void TaskSize_Notations_CpuUnitsAndMiB(string size, string cpu, string memory)
    {
        using var t = new TempProject().Write("docker-compose.yml", Compose).Write("ecs-params.yml", $"version: 1\ntask_definition:\n  task_size:\n    {size}\n");
        var td = t.Load("ecs-params.yml").TaskDefinition;
        Assert.Equal((cpu, memory), (td["cpu"]!.GetValue<string>(), td["memory"]!.GetValue<string>()));
    }

    [Fact]
    public void Services_EssentialDependsOnSecretsCredentialsAndLimits()
    {
        using var t = new TempProject().Write("docker-compose.yml", Compose).Write("ecs-params.yml", """
            version: 1
            task_definition:
              task_role_arn: arn:aws:iam::123456789012:role/app
              services:
                sidecar:
                  essential: false
                  mem_limit: 64m
                  cpu_shares: 128
                  depends_on:
                    - container_name: web
                      condition: HEALTHY
                  secrets:
                    - value_from: arn:aws:ssm:us-east-1:123456789012:parameter/token
                      name: TOKEN
                  repository_credentials:
                    credentials_parameter: arn:aws:secretsmanager:us-east-1:123456789012:secret:creds
                  healthcheck:
                    test: ["CMD", "true"]
                    interval: 10s
            run_params:
              task_placement:
                strategy: []
            """);
        var p = t.Load("ecs-params.yml");
        var c = TempProject.Container(p, "sidecar");
        Assert.Equal("arn:aws:iam::123456789012:role/app", p.TaskDefinition["taskRoleArn"]!.GetValue<string>());
        Assert.False(c["essential"]!.GetValue<bool>());
        Assert.Equal((64L, 128), (c["memory"]!.GetValue<long>(), c["cpu"]!.GetValue<int>()));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"containerName":"web","condition":"HEALTHY"}]"""), c["dependsOn"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"name":"TOKEN","valueFrom":"arn:aws:ssm:us-east-1:123456789012:parameter/token"}]"""), c["secrets"]));
        Assert.Equal("arn:aws:secretsmanager:us-east-1:123456789012:secret:creds", c["repositoryCredentials"]!["credentialsParameter"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"command":["CMD","true"],"interval":10}"""), c["healthCheck"]));
        Assert.True(TempProject.Container(p, "web")["essential"]!.GetValue<bool>());
        Assert.Contains("Skipping unsupported YAML option... option name=run_params.task_placement", p.Warnings.Select(w => w.ToString()));
    }

    [Fact]
    public void NetworkMode_OtherThanAwsvpc_WarnedAndAwsvpcUsed()
    {
        using var t = new TempProject().Write("docker-compose.yml", Compose).Write("ecs-params.yml", "version: 1\ntask_definition:\n  ecs_network_mode: bridge\n");
        var p = t.Load("ecs-params.yml");
        Assert.Equal("awsvpc", p.TaskDefinition["networkMode"]!.GetValue<string>());
        Assert.Single(p.Warnings, w => w.Message.StartsWith("Network mode bridge is not available", StringComparison.Ordinal));
    }
}
