using System.Text.Json.Nodes;

namespace Berth.Compose.Tests;

/// <summary>The ecs-cli demo of seeds/001: its docker-compose.yml and ecs-params.yml, exactly as shown.</summary>
public class SeedDemoTests
{
    const string SeedCompose = """
        version: '2'
        services:
          test:
            image: 424442929256.dkr.ecr.us-east-1.amazonaws.com/wordpress:latest
            ports:
              - "80:80"
            logging:
              driver: awslogs
              options:
                awslogs-group: awslogs-prefix
                awslogs-region: us-east-1
                awslogs-stream-prefix: wordpress
        """;

    const string SeedEcsParams = """
        version: 1
        task_definition:
          task_execution_role: arn:aws:iam::424442929256:role/ecsTaskExecutionRole
          ecs_network_mode: awsvpc
          task_size:
            mem_limit: 0.5GB
            cpu_limit: 256
        run_params:
          network_configuration:
            awsvpc_configuration:
              subnets:
                - subnet-bc4b42b0
              assign_public_ip: ENABLED
              security_groups:
                - sg-341bb141
        """;

    [Fact]
    public void Load_SeedFiles_TaskDefinitionAsEcsCliRegisteredIt()
    {
        using var t = new TempProject().Write("docker-compose.yml", SeedCompose).Write("ecs-params.yml", SeedEcsParams);
        var p = t.Load("ecs-params.yml", "fargate_demo_1");

        var expected = JsonNode.Parse("""
            {"family":"fargate_demo_1","networkMode":"awsvpc","requiresCompatibilities":["FARGATE"],"cpu":"256","memory":"512",
             "executionRoleArn":"arn:aws:iam::424442929256:role/ecsTaskExecutionRole",
             "containerDefinitions":[{"name":"test","essential":true,
               "image":"424442929256.dkr.ecr.us-east-1.amazonaws.com/wordpress:latest",
               "portMappings":[{"containerPort":80,"protocol":"tcp"}],
               "logConfiguration":{"logDriver":"awslogs","options":{"awslogs-group":"awslogs-prefix","awslogs-region":"us-east-1","awslogs-stream-prefix":"wordpress"}}}]}
            """);
        Assert.True(JsonNode.DeepEquals(expected, p.TaskDefinition), p.TaskDefinition.ToJsonString());
        Assert.Empty(p.Warnings);
    }

    [Fact]
    public void Load_SeedEcsParams_NetworkConfigurationForRunTask()
    {
        using var t = new TempProject().Write("docker-compose.yml", SeedCompose).Write("ecs-params.yml", SeedEcsParams);
        var p = t.Load("ecs-params.yml");

        var expected = JsonNode.Parse("""{"awsvpcConfiguration":{"subnets":["subnet-bc4b42b0"],"assignPublicIp":"ENABLED","securityGroups":["sg-341bb141"]}}""");
        Assert.True(JsonNode.DeepEquals(expected, p.NetworkConfiguration), p.NetworkConfiguration?.ToJsonString());
    }

    [Fact]
    public void Load_NetworksOptions_WarnedInEcsCliWords()
    {
        using var t = new TempProject().Write("docker-compose.yml", """
            version: '2'
            networks:
              front: {}
            services:
              test:
                image: busybox
                networks: [front]
            """);
        var warnings = t.Load().Warnings.Select(w => w.ToString()).ToList();

        Assert.Equal(
            ["Skipping unsupported YAML option... option name=networks", "Skipping unsupported YAML option for service... option name=networks service name=test"],
            warnings);
    }
}
