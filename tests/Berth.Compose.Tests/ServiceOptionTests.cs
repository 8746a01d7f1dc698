using System.Text.Json.Nodes;

namespace Berth.Compose.Tests;

/// <summary>Each supported compose option, and where it lands in the container definition.</summary>
public class ServiceOptionTests
{
    static JsonObject Translate(string service, string? extraFiles = null, Action<TempProject>? setup = null)
    {
        using var t = new TempProject();
        setup?.Invoke(t);
        t.Write("docker-compose.yml", "version: '3.8'\nservices:\n  web:\n    image: busybox\n" + Indent(service) + (extraFiles ?? ""));
        return TempProject.Container(t.Load(), "web");
    }

    static string Indent(string text) => string.Concat(text.Split('\n').Where(l => l.Length > 0).Select(l => "    " + l + "\n"));

    static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), actual?.ToJsonString() ?? "null");

    [Fact]
    public void Command_ShellForm_SplitAsComposeDoes()
    {
        var c = Translate("command: sh -c 'echo \"hello world\"; sleep 1' \"a b\"");
        AssertJson("""["sh","-c","echo \"hello world\"; sleep 1","a b"]""", c["command"]);
    }

    [Fact]
    public void EntrypointAndCommand_Lists_KeptAsWritten()
    {
        var c = Translate("entrypoint: [\"/bin/sh\", \"-c\"]\ncommand: [\"httpd -f -p 80\"]");
        AssertJson("""["/bin/sh","-c"]""", c["entryPoint"]);
        AssertJson("""["httpd -f -p 80"]""", c["command"]);
    }

    [Fact]
    public void Environment_MapAndEnvFile_EnvironmentWins()
    {
        var c = Translate("env_file: app.env\nenvironment:\n  A: from-compose\n  C: 3\n  FROM_SHELL:\n  NOT_SET:", setup: t =>
        {
            t.Write("app.env", "# comment\nA=from-file\nB=\"two words\"\nexport D='x y'\n");
            t.Environment["FROM_SHELL"] = "shell";
        });
        AssertJson("""[{"name":"A","value":"from-compose"},{"name":"B","value":"two words"},{"name":"D","value":"x y"},{"name":"C","value":"3"},{"name":"FROM_SHELL","value":"shell"}]""", c["environment"]);
    }

    [Fact]
    public void Environment_List_NameValuePairs()
    {
        var c = Translate("environment:\n  - A=1\n  - B=x=y");
        AssertJson("""[{"name":"A","value":"1"},{"name":"B","value":"x=y"}]""", c["environment"]);
    }

    [Fact]
    public void Ports_ShortAndLongSyntax_ContainerPortsWithProtocol()
    {
        var c = Translate("ports:\n  - \"80\"\n  - \"8080:8080\"\n  - \"53/udp\"\n  - \"127.0.0.1:9000:9000\"\n  - 7000-7002\n  - target: 443\n    published: 443\n    protocol: tcp");
        AssertJson("""
            [{"containerPort":80,"protocol":"tcp"},{"containerPort":8080,"protocol":"tcp"},{"containerPort":53,"protocol":"udp"},
             {"containerPort":9000,"protocol":"tcp"},{"containerPortRange":"7000-7002","protocol":"tcp"},{"containerPort":443,"protocol":"tcp"}]
            """, c["portMappings"]);
    }

    [Fact]
    public void Ports_OtherHostPort_WarnsThatTheTaskAddressIsUsed()
    {
        using var t = new TempProject().Write("docker-compose.yml", "services:\n  web:\n    image: busybox\n    ports: [\"8080:80\"]\n");
        var p = t.Load();
        AssertJson("""[{"containerPort":80,"protocol":"tcp"}]""", TempProject.Container(p, "web")["portMappings"]);
        Assert.Contains(p.Warnings, w => w.ToString().StartsWith("Host port 8080 is not used", StringComparison.Ordinal) && w.ToString().EndsWith("service name=web", StringComparison.Ordinal));
    }

    [Fact]
    public void HealthCheck_DurationsInSeconds()
    {
        var c = Translate("healthcheck:\n  test: [\"CMD-SHELL\", \"wget -q -O- http://localhost/ || exit 1\"]\n  interval: 1m30s\n  timeout: 10s\n  retries: 3\n  start_period: 1500ms");
        AssertJson("""{"command":["CMD-SHELL","wget -q -O- http://localhost/ || exit 1"],"interval":90,"timeout":10,"retries":3,"startPeriod":2}""", c["healthCheck"]);
    }

    [Fact]
    public void HealthCheck_StringTest_IsCmdShell_DisableIsNone()
    {
        AssertJson("""{"command":["CMD-SHELL","true"]}""", Translate("healthcheck:\n  test: true")["healthCheck"]);
        AssertJson("""{"command":["NONE"]}""", Translate("healthcheck:\n  disable: true")["healthCheck"]);
    }

    [Fact]
    public void DependsOn_ListAndConditions_EcsConditions()
    {
        using var t = new TempProject().Write("docker-compose.yml", """
            services:
              web:
                image: busybox
                depends_on:
                  db: {condition: service_healthy}
                  init: {condition: service_completed_successfully}
                  cache: {condition: service_started}
              api:
                image: busybox
                depends_on: [db]
              db: {image: busybox}
              init: {image: busybox}
              cache: {image: busybox}
            """);
        var p = t.Load();
        AssertJson("""[{"containerName":"db","condition":"HEALTHY"},{"containerName":"init","condition":"SUCCESS"},{"containerName":"cache","condition":"START"}]""",
            TempProject.Container(p, "web")["dependsOn"]);
        AssertJson("""[{"containerName":"db","condition":"START"}]""", TempProject.Container(p, "api")["dependsOn"]);
    }

    [Fact]
    public void DeployResources_CpuMemoryAndReservation()
    {
        var c = Translate("deploy:\n  resources:\n    limits: {cpus: '0.5', memory: 256M}\n    reservations: {memory: 128M}");
        Assert.Equal(512, c["cpu"]!.GetValue<int>());
        Assert.Equal(256, c["memory"]!.GetValue<long>());
        Assert.Equal(128, c["memoryReservation"]!.GetValue<long>());
    }

    [Fact]
    public void Version2Limits_MemLimitMemReservationCpuShares()
    {
        using var t = new TempProject().Write("docker-compose.yml", "version: '2'\nservices:\n  web:\n    image: busybox\n    mem_limit: 1g\n    mem_reservation: 268435456\n    cpu_shares: 100\n");
        var c = TempProject.Container(t.Load(), "web");
        Assert.Equal(1024, c["memory"]!.GetValue<long>());
        Assert.Equal(256, c["memoryReservation"]!.GetValue<long>());
        Assert.Equal(100, c["cpu"]!.GetValue<int>());
    }

    [Fact]
    public void Settings_LabelsUserWorkdirUlimitsFlagsStopGraceHostsDns()
    {
        var c = Translate("""
            labels: ["tier=web", "team"]
            working_dir: /srv
            user: "1000:1000"
            ulimits:
              nproc: 65535
              nofile: {soft: 20000, hard: 40000}
            read_only: true
            tty: true
            stdin_open: true
            init: true
            stop_grace_period: 1m
            extra_hosts: ["db.local:10.0.0.5"]
            dns: 10.0.0.2
            cap_add: [SYS_PTRACE]
            """);
        AssertJson("""{"tier":"web","team":""}""", c["dockerLabels"]);
        Assert.Equal("/srv", c["workingDirectory"]!.GetValue<string>());
        Assert.Equal("1000:1000", c["user"]!.GetValue<string>());
        AssertJson("""[{"name":"nproc","softLimit":65535,"hardLimit":65535},{"name":"nofile","softLimit":20000,"hardLimit":40000}]""", c["ulimits"]);
        Assert.True(c["readonlyRootFilesystem"]!.GetValue<bool>());
        Assert.True(c["pseudoTerminal"]!.GetValue<bool>());
        Assert.True(c["interactive"]!.GetValue<bool>());
        Assert.Equal(60, c["stopTimeout"]!.GetValue<int>());
        AssertJson("""[{"hostname":"db.local","ipAddress":"10.0.0.5"}]""", c["extraHosts"]);
        AssertJson("""["10.0.0.2"]""", c["dnsServers"]);
        AssertJson("""{"initProcessEnabled":true,"capabilities":{"add":["SYS_PTRACE"]}}""", c["linuxParameters"]);
    }

    [Fact]
    public void Privileged_WarnedAndLeftOut()
    {
        using var t = new TempProject().Write("docker-compose.yml", "services:\n  web:\n    image: busybox\n    privileged: true\n    restart: always\n");
        var p = t.Load();
        Assert.Null(TempProject.Container(p, "web")["privileged"]);
        Assert.Equal(
            ["Fargate does not run privileged containers: the option is left out option name=privileged service name=web",
             "Skipping unsupported YAML option for service... option name=restart service name=web"],
            p.Warnings.Select(w => w.ToString()));
    }

    [Fact]
    public void Logging_OtherDriver_WarnedAndLeftOut()
    {
        using var t = new TempProject().Write("docker-compose.yml", "services:\n  web:\n    image: busybox\n    logging: {driver: json-file}\n");
        var p = t.Load();
        Assert.Null(TempProject.Container(p, "web")["logConfiguration"]);
        Assert.Single(p.Warnings, w => w.Message.StartsWith("Log driver json-file is not available", StringComparison.Ordinal));
    }

    [Fact]
    public void TaskSize_WithoutEcsParams_SmallestFargateSizeHoldingTheContainers()
    {
        using var t = new TempProject().Write("docker-compose.yml", "services:\n  a: {image: busybox, mem_limit: 700m}\n  b: {image: busybox, mem_limit: 600m, cpus: '0.5'}\n");
        var p = t.Load();
        Assert.Equal("512", p.TaskDefinition["cpu"]!.GetValue<string>());
        Assert.Equal("2048", p.TaskDefinition["memory"]!.GetValue<string>());
        using var small = new TempProject().Write("docker-compose.yml", "services:\n  a: {image: busybox}\n");
        Assert.Equal(("256", "512"), (small.Load().TaskDefinition["cpu"]!.GetValue<string>(), small.Load().TaskDefinition["memory"]!.GetValue<string>()));
    }

    [Fact]
    public void UnversionedComposeSpec_Accepted()
    {
        using var t = new TempProject().Write("compose.yaml", "services:\n  web:\n    image: busybox\n");
        Assert.Equal("busybox", TempProject.Container(t.Load(files: "compose.yaml"), "web")["image"]!.GetValue<string>());
    }

    [Fact]
    public void SeveralFiles_LaterOverridesAndAppends()
    {
        using var t = new TempProject()
            .Write("docker-compose.yml", "services:\n  web:\n    image: busybox:1\n    command: [a]\n    ports: [\"80\"]\n")
            .Write("override.yml", "services:\n  web:\n    image: busybox:2\n    command: [b]\n    ports: [\"443\"]\n");
        var c = TempProject.Container(t.Load(files: ["docker-compose.yml", "override.yml"]), "web");
        Assert.Equal("busybox:2", c["image"]!.GetValue<string>());
        AssertJson("""["b"]""", c["command"]);
        AssertJson("""[{"containerPort":80,"protocol":"tcp"},{"containerPort":443,"protocol":"tcp"}]""", c["portMappings"]);
    }

    [Fact]
    public void AnchorsAndMergeKeys_Resolved()
    {
        using var t = new TempProject().Write("docker-compose.yml", "x-common: &common\n  image: busybox\n  working_dir: /w\nservices:\n  web:\n    <<: *common\n    user: nobody\n");
        var c = TempProject.Container(t.Load(), "web");
        Assert.Equal(("busybox", "/w", "nobody"), (c["image"]!.GetValue<string>(), c["workingDirectory"]!.GetValue<string>(), c["user"]!.GetValue<string>()));
    }
}
