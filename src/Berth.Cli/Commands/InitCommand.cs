using System.CommandLine;
using Berth.Cli.Deploy;
using Berth.Cli.Manifest;
using Spectre.Console;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth init</c>: writes berth.yml for a load-balanced web service. Each answer comes from a flag, or from a
/// prompt at a terminal; without a terminal a missing required answer is an error naming its flag.
/// </summary>
static class InitCommand
{
    public static Command Create()
    {
        var name = new Option<string?>("--name", "-n") { Description = "Service name (lowercase letters, digits, hyphens)" };
        var dockerfile = new Option<string?>("--dockerfile", "-d") { Description = "Dockerfile to build (default: ./Dockerfile when there is one)" };
        var image = new Option<string?>("--image", "-i") { Description = "Run an existing image instead of building one" };
        var port = new Option<int?>("--port", "-p") { Description = "Port the container listens on (default: the Dockerfile's EXPOSE)" };
        var cpu = new Option<int>("--cpu") { Description = "CPU units (1024 = 1 vCPU)", DefaultValueFactory = _ => 256 };
        var memory = new Option<int>("--memory") { Description = "Memory in MiB", DefaultValueFactory = _ => 512 };
        var count = new Option<int>("--count") { Description = "Number of tasks", DefaultValueFactory = _ => 1 };
        var range = new Option<string?>("--range") { Description = "Scale between min-max tasks instead (e.g. 1-4), tracking CPU" };
        var cpuTarget = new Option<int>("--cpu-percentage") { Description = "Average CPU % the scaling keeps (with --range)", DefaultValueFactory = _ => 70 };
        var path = new Option<string>("--path") { Description = "Path the load balancer routes to the service", DefaultValueFactory = _ => "/" };
        var health = new Option<string>("--healthcheck") { Description = "Health check path", DefaultValueFactory = _ => "/" };
        var listener = new Option<int>("--listener-port") { Description = "Load balancer listener port", DefaultValueFactory = _ => 80 };
        var cluster = new Option<string>("--cluster", "-c") { Description = "Cluster to deploy to", DefaultValueFactory = _ => "default" };
        var env = new Option<string[]>("--env", "-e") { Description = "Environment variable NAME=VALUE (repeat)", AllowMultipleArgumentsPerToken = false };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing berth.yml" };
        var cmd = new Command("init", "Write berth.yml for a load-balanced web service in this folder (then run berth deploy).\n"
            + "Examples:\n  berth init                      (asks at a terminal)\n  berth init --name web --port 8080 --listener-port 8000\n  berth init --name api --image registry.local/api:1 --port 3000 --range 1-4")
        { name, dockerfile, image, port, cpu, memory, count, range, cpuTarget, path, health, listener, cluster, env, force };
        cmd.SetAction(parse =>
        {
            var dir = Environment.CurrentDirectory;
            var file = Path.Combine(dir, ServiceManifest.FileName);
            if (File.Exists(file) && !parse.GetValue(force))
                throw new CliException($"{ServiceManifest.FileName} already exists in {dir}: edit it, or run berth init --force to overwrite it.");
            var interactive = !Console.IsInputRedirected && Output.IsTerminal;
            var report = new DeployReporter();

            var serviceName = parse.GetValue(name) ?? Ask(interactive, "--name", "What do you want to [green]name[/] this service?", DefaultName(dir));
            var location = parse.GetValue(image);
            string? dockerfilePath = null;
            int? exposed = null;
            if (location is null)
            {
                dockerfilePath = parse.GetValue(dockerfile) ?? (File.Exists(Path.Combine(dir, "Dockerfile")) ? "Dockerfile"
                    : Ask(interactive, "--dockerfile (or --image)", "Which [green]Dockerfile[/] would you like to use?", null));
                var full = Path.GetFullPath(dockerfilePath, dir);
                if (!File.Exists(full))
                    throw new CliException($"No Dockerfile at {full}: give --dockerfile PATH, or --image IMAGE to run an existing image.");
                dockerfilePath = Path.GetRelativePath(dir, full).Replace('\\', '/');
                exposed = DockerfileInspector.ExposedPort(File.ReadAllText(full));
            }
            var containerPort = parse.GetValue(port) ?? exposed
                ?? AskPort(interactive);

            var text = ManifestWriter.Write(new ServiceManifest
            {
                Name = serviceName,
                Image = location is null ? new ImageSpec { Build = new BuildSpec(dockerfilePath!, Path.GetDirectoryName(dockerfilePath) is { Length: > 0 } d ? d : ".") } : new ImageSpec { Location = location },
                Port = containerPort,
                Cpu = parse.GetValue(cpu),
                Memory = parse.GetValue(memory),
                Count = parse.GetValue(range) is { } r ? Range(r, parse.GetValue(cpuTarget)) : new CountSpec { Desired = parse.GetValue(count) },
                Http = new HttpSpec { Path = parse.GetValue(path)!, ListenerPort = parse.GetValue(listener), HealthCheck = new HealthCheckSpec { Path = parse.GetValue(health)! } },
                Variables = Variables(parse.GetValue(env) ?? []),
                Cluster = parse.GetValue(cluster)!,
            });
            // Read back what would be written: the same validation as deploy, and nothing written if it fails.
            var manifest = ManifestReader.Parse(text);
            File.WriteAllText(file, text);
            report.Done($"Wrote the manifest for service {manifest.Name} at {ServiceManifest.FileName}");
            report.Detail($"Your manifest contains configurations like your container size and port (:{manifest.Port})"
                + (exposed is not null && parse.GetValue(port) is null ? ", the port from your Dockerfile's EXPOSE." : "."));
            report.Detail($"It will be served at http://localhost{(manifest.Http.ListenerPort == 80 ? "" : $":{manifest.Http.ListenerPort}")}{manifest.Http.Path} by cluster {manifest.Cluster}'s load balancer.");
            report.Step("Next: berth deploy");
            return 0;
        });
        return cmd;
    }

    static string Ask(bool interactive, string flag, string question, string? suggestion)
    {
        if (!interactive)
            throw new CliException($"Missing {flag}: there is no terminal to ask at, so give it as a flag (berth init --help lists them).");
        var prompt = new TextPrompt<string>(question);
        if (suggestion is not null)
            prompt.DefaultValue(suggestion);
        return AnsiConsole.Prompt(prompt).Trim();
    }

    static int AskPort(bool interactive)
    {
        if (!interactive)
            throw new CliException("Missing --port: the Dockerfile has no EXPOSE and there is no terminal to ask at, so give --port.");
        return AnsiConsole.Prompt(new TextPrompt<int>("Which [green]port[/] does your container listen on?").DefaultValue(80)
            .Validate(p => p is >= 1 and <= 65535 ? ValidationResult.Success() : ValidationResult.Error("[red]A port is 1-65535[/]")));
    }

    /// <summary>The folder's name as a service name, when it can be one.</summary>
    static string? DefaultName(string dir)
    {
        var n = new string(Path.GetFileName(dir).ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        return n.Length is > 0 and <= 28 && char.IsAsciiLetter(n[0]) ? n : null;
    }

    static CountSpec Range(string text, int cpuPercentage)
    {
        var parts = text.Split('-');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var min) || !int.TryParse(parts[1], out var max) || min > max || max == 0)
            throw new CliException($"--range {text}: give min-max, e.g. 1-4.");
        return new CountSpec { Desired = min, Range = new ScalingRange(min, max), CpuPercentage = cpuPercentage };
    }

    static Dictionary<string, string> Variables(string[] pairs)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in pairs)
        {
            var eq = p.IndexOf('=');
            if (eq <= 0)
                throw new CliException($"--env {p}: give NAME=VALUE.");
            result[p[..eq]] = p[(eq + 1)..];
        }
        return result;
    }
}
