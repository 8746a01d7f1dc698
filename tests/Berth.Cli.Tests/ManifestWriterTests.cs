using Berth.Cli.Manifest;

namespace Berth.Cli.Tests;

public class ManifestWriterTests
{
    [Fact]
    public void Write_ThenParse_GivesTheSameManifest()
    {
        var written = new ServiceManifest
        {
            Name = "web",
            Image = new ImageSpec { Build = new BuildSpec("app/Dockerfile", "app") { Args = new Dictionary<string, string> { ["V"] = "1" } } },
            Port = 8080,
            Cpu = 1024,
            Memory = 4096,
            Count = new CountSpec { Desired = 2, Range = new ScalingRange(2, 5), CpuPercentage = 55 },
            Http = new HttpSpec { Path = "/shop", ListenerPort = 18630, DeregistrationDelaySeconds = 5, HealthCheck = new HealthCheckSpec { Path = "/up", IntervalSeconds = 30, TimeoutSeconds = 3 } },
            // Values YAML would otherwise read as other things: a number, a boolean, quotes, a colon, a newline.
            Variables = new Dictionary<string, string> { ["N"] = "007", ["B"] = "yes", ["Q"] = "say \"hi\"", ["C"] = "a: b", ["NL"] = "one\ntwo" },
            Secrets = new Dictionary<string, string> { ["TOKEN"] = "arn:aws:secretsmanager:us-east-1:0:secret:t", ["DB"] = "secretsmanager:db:password::" },
            ExecutionRole = "exec",
            TaskRole = "arn:aws:iam::000000000000:role/task",
            Exec = true,
            Logging = new LoggingSpec { Group = "/apps/web", StreamPrefix = "w" },
            Cluster = "prod",
        };

        var read = ManifestReader.Parse(ManifestWriter.Write(written));

        Assert.Equal(written.Name, read.Name);
        Assert.Equal((written.Image.Build!.Dockerfile, written.Image.Build.Context), (read.Image.Build!.Dockerfile, read.Image.Build.Context));
        Assert.Equal(written.Image.Build.Args, read.Image.Build.Args);
        Assert.Equal((written.Port, written.Cpu, written.Memory), (read.Port, read.Cpu, read.Memory));
        Assert.Equal(written.Count, read.Count);
        Assert.Equal(written.Http, read.Http);
        Assert.Equal(written.Variables, read.Variables);
        Assert.Equal(written.Secrets, read.Secrets);
        Assert.Equal((written.Exec, written.LogGroup, written.Cluster), (read.Exec, read.LogGroup, read.Cluster));
        Assert.Equal((written.ExecutionRole, written.TaskRole), (read.ExecutionRole, read.TaskRole));
    }

    [Fact]
    public void Write_FixedCountAndLocation_RoundTrips()
    {
        var written = new ServiceManifest { Name = "db-admin", Image = new ImageSpec { Location = "localhost:4566/admin:3" }, Port = 80, Count = new CountSpec { Desired = 3 } };

        var text = ManifestWriter.Write(written);
        var read = ManifestReader.Parse(text);

        Assert.Equal("localhost:4566/admin:3", read.Image.Location);
        Assert.Equal(3, read.Count.Desired);
        Assert.Null(read.Count.Range);
        Assert.Contains("group: \"/berth/db-admin\"", text);
    }
}
