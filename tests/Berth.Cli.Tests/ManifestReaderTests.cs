using Berth.Cli.Manifest;

namespace Berth.Cli.Tests;

public class ManifestReaderTests
{
    const string Minimal = """
        name: web
        image:
          build: Dockerfile
        port: 8080
        """;

    [Fact]
    public void Parse_Minimal_FillsCopilotDefaults()
    {
        var m = ManifestReader.Parse(Minimal);

        Assert.Equal("web", m.Name);
        Assert.Equal(ServiceManifest.LoadBalancedWebService, m.Type);
        Assert.Equal(("Dockerfile", "."), (m.Image.Build!.Dockerfile, m.Image.Build.Context));
        Assert.Null(m.Image.Location);
        Assert.Equal(8080, m.Port);
        Assert.Equal(256, m.Cpu);
        Assert.Equal(512, m.Memory);
        Assert.Equal(1, m.Count.Desired);
        Assert.Null(m.Count.Range);
        Assert.Equal("/", m.Http.Path);
        Assert.Equal(80, m.Http.ListenerPort);
        Assert.Equal(15, m.Http.DeregistrationDelaySeconds);
        Assert.Equal(new HealthCheckSpec(), m.Http.HealthCheck);
        Assert.Equal("/berth/web", m.LogGroup);
        Assert.Equal("berth", m.Logging.StreamPrefix);
        Assert.Equal("default", m.Cluster);
        Assert.False(m.Exec);
        Assert.Empty(m.Variables);
    }

    [Fact]
    public void Parse_FullManifest_ReadsEveryField()
    {
        var m = ManifestReader.Parse("""
            name: api
            type: Load Balanced Web Service
            image:
              build:
                dockerfile: docker/Dockerfile.web
                context: .
                args: {VERSION: "1.2"}
            port: 3000
            cpu: 512
            memory: 2048
            count:
              range: 2-6
              cpu_percentage: 60
              memory_percentage: 80
            http:
              path: /api
              listener_port: 8000
              deregistration_delay: 1m
              healthcheck:
                path: /healthz
                healthy_threshold: 3
                unhealthy_threshold: 4
                interval: 1m30s
                timeout: 10s
            variables:
              LOG_LEVEL: debug
              EMPTY: ""
            secrets:
              DB_PASSWORD: arn:aws:ssm:us-east-1:000000000000:parameter/db
            exec: true
            logging:
              group: /custom/api
              stream_prefix: api
            cluster: prod
            """);

        Assert.Equal("docker/Dockerfile.web", m.Image.Build!.Dockerfile);
        Assert.Equal("1.2", m.Image.Build.Args["VERSION"]);
        Assert.Equal((512, 2048), (m.Cpu, m.Memory));
        Assert.Equal(new ScalingRange(2, 6), m.Count.Range);
        Assert.Equal(2, m.Count.Desired);
        Assert.Equal((60, 80), (m.Count.CpuPercentage, m.Count.MemoryPercentage));
        Assert.Equal(("/api", 8000, 60), (m.Http.Path, m.Http.ListenerPort, m.Http.DeregistrationDelaySeconds));
        Assert.Equal(new HealthCheckSpec { Path = "/healthz", HealthyThreshold = 3, UnhealthyThreshold = 4, IntervalSeconds = 90, TimeoutSeconds = 10 }, m.Http.HealthCheck);
        Assert.Equal("debug", m.Variables["LOG_LEVEL"]);
        Assert.Equal("", m.Variables["EMPTY"]);
        Assert.StartsWith("arn:aws:ssm:", m.Secrets["DB_PASSWORD"]);
        Assert.True(m.Exec);
        Assert.Equal(("/custom/api", "api"), (m.LogGroup, m.Logging.StreamPrefix));
        Assert.Equal("prod", m.Cluster);
    }

    [Fact]
    public void Parse_RangeWithoutTarget_TracksCpuAt70()
    {
        var m = ManifestReader.Parse(Minimal + "\ncount: {range: 1-4}\n");

        Assert.Equal(70, m.Count.CpuPercentage);
        Assert.Null(m.Count.MemoryPercentage);
    }

    [Fact]
    public void Parse_ImageLocation_NeedsNoBuild()
    {
        var m = ManifestReader.Parse("name: web\nimage:\n  location: localhost:4566/web:1\nport: 80\n");

        Assert.Equal("localhost:4566/web:1", m.Image.Location);
        Assert.Null(m.Image.Build);
    }

    [Theory]
    [InlineData("port: eighty", "berth.yml: port: \"eighty\" is not a port number (1-65535)")]
    [InlineData("port: 70000", "berth.yml: port: \"70000\" is not a port number (1-65535)")]
    [InlineData("cpu: 300", "berth.yml: cpu: 300 is not a Fargate CPU size")]
    [InlineData("memory: lots", "berth.yml: memory: \"lots\" is not a whole number")]
    [InlineData("count: -1", "berth.yml: count: -1 is not a task count")]
    [InlineData("count: {range: 4-1}", "berth.yml: count.range: \"4-1\" is not a range like 1-4")]
    [InlineData("count: {range: 1-4, cpu_percentage: 150}", "berth.yml: count.cpu_percentage: 150 is not a percentage")]
    [InlineData("http: {path: api}", "berth.yml: http.path: \"api\" is not a path")]
    [InlineData("http: {listener_port: 0}", "berth.yml: http.listener_port: \"0\" is not a port number")]
    [InlineData("http: {healthcheck: {interval: soon}}", "berth.yml: http.healthcheck.interval: \"soon\" is not a duration")]
    [InlineData("http: {healthcheck: {interval: 10s, timeout: 10s}}", "berth.yml: http.healthcheck.timeout: 10s must be at least 2s and shorter than the interval")]
    [InlineData("http: {healthcheck: {healthy_threshold: 1}}", "berth.yml: http.healthcheck.healthy_threshold: 1 is out of range (2 to 10)")]
    [InlineData("exec: maybe", "berth.yml: exec: \"maybe\" is not true or false")]
    [InlineData("type: Backend Service", "berth.yml: type: \"Backend Service\" is not supported")]
    [InlineData("prot: 8080", "berth.yml: prot: is not a field berth knows (line 5;")]
    [InlineData("variables: [A, B]", "berth.yml: variables: must be a mapping of fields")]
    [InlineData("cluster: \"my cluster\"", "berth.yml: cluster: \"my cluster\" is not a cluster name")]
    public void Parse_BadField_NamesFileAndField(string line, string expected)
    {
        var yaml = Minimal.Replace("port: 8080", line.StartsWith("port:") ? line : "port: 8080\n" + line);

        var e = Assert.Throws<CliException>(() => ManifestReader.Parse(yaml));

        Assert.StartsWith(expected, e.Message);
    }

    [Theory]
    [InlineData("image:\n  build: Dockerfile\nport: 80\n", "berth.yml: name: is missing")]
    [InlineData("name: Web_App\nimage:\n  build: Dockerfile\nport: 80\n", "berth.yml: name: \"Web_App\" is not a service name")]
    [InlineData("name: web\nport: 80\n", "berth.yml: image: is missing")]
    [InlineData("name: web\nimage:\n  build: Dockerfile\n", "berth.yml: port: is missing")]
    [InlineData("name: web\nimage:\n  build: Dockerfile\n  location: x:1\nport: 80\n", "berth.yml: image: needs exactly one of build")]
    [InlineData("- a\n- b\n", "berth.yml: the manifest must be a mapping")]
    [InlineData("name: [unclosed\n", "berth.yml: line ")]
    public void Parse_BadDocument_SaysWhatIsWrong(string yaml, string expected)
    {
        var e = Assert.Throws<CliException>(() => ManifestReader.Parse(yaml));

        Assert.StartsWith(expected, e.Message);
    }

    [Fact]
    public void ReadFile_Missing_SaysToRunInit()
    {
        var dir = Directory.CreateTempSubdirectory("berth-cli-test-");
        try
        {
            var e = Assert.Throws<CliException>(() => ManifestReader.ReadFile(Path.Combine(dir.FullName, "berth.yml")));

            Assert.Contains("run `berth init`", e.Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Parse_SecretsAndRoles_CopilotFormsAndNames()
    {
        var m = ManifestReader.Parse("""
            name: api
            image: {location: "x:1"}
            port: 80
            secrets:
              DB_PASSWORD: /app/db
              API_KEY: {secretsmanager: "api-key:token::"}
              TOKEN: arn:aws:secretsmanager:us-east-1:000000000000:secret:t-AbCdEf
            exec_role: my-exec
            task_role: arn:aws:iam::000000000000:role/app/api-task
            """);
        Assert.Equal("/app/db", m.Secrets["DB_PASSWORD"]);
        Assert.Equal("secretsmanager:api-key:token::", m.Secrets["API_KEY"]);
        Assert.StartsWith("arn:aws:secretsmanager:", m.Secrets["TOKEN"]);
        Assert.Equal(("my-exec", "arn:aws:iam::000000000000:role/app/api-task"), (m.ExecutionRole, m.TaskRole));
    }

    [Theory]
    [InlineData("secrets: {1BAD: /x}", "secrets.1BAD: is not an environment variable name")]
    [InlineData("secrets: {A: {ssm: /x}}", "secrets.A.ssm: is not a field berth knows")]
    [InlineData("secrets: {A: {secretsmanager: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:x'}}", "secrets.A.secretsmanager: is the secret's name")]
    [InlineData("secrets: {A: [1]}", "secrets.A: must be an SSM parameter")]
    [InlineData("exec_role: 'has space'", "exec_role: \"has space\" is not an IAM role name or ARN")]
    [InlineData("task_role: 'arn:aws:iam::1:role/x'", "task_role: \"arn:aws:iam::1:role/x\" is not an IAM role name or ARN")]
    public void Parse_BadSecretsOrRoles_NameTheField(string line, string expected)
    {
        var e = Assert.Throws<CliException>(() => ManifestReader.Parse($"name: api\nimage: {{location: x}}\nport: 80\n{line}\n"));
        Assert.Contains(expected, e.Message);
    }
}
