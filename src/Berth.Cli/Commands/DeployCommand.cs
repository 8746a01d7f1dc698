using System.CommandLine;
using System.Globalization;
using Berth.Cli.Deploy;
using Berth.Cli.Images;
using Berth.Cli.Manifest;

namespace Berth.Cli.Commands;

/// <summary><c>berth deploy</c>: berth.yml → image built and pushed → task definition → load balancer route → service, steady, URL.</summary>
static class DeployCommand
{
    public static Command Create()
    {
        var name = new Option<string?>("--name", "-n") { Description = "Deploy only if berth.yml's service has this name (a guard for scripts)" };
        var tag = new Option<string?>("--tag", "-t") { Description = "Image tag to push (default: the UTC time, e.g. 20261122-091500)" };
        var file = new Option<string>("--file", "-f") { Description = "The manifest", DefaultValueFactory = _ => ServiceManifest.FileName };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the deployment to be steady before failing", DefaultValueFactory = _ => 600 };
        var cmd = new Command("deploy", "Build, push and deploy the service in berth.yml behind the cluster's load balancer, then print its URL.\n"
            + "Examples:\n  berth init --name web --port 8080\n  berth deploy\n  berth deploy --tag v2 --timeout 300")
        { name, tag, file, timeout };
        cmd.SetAction(async (parse, ct) =>
        {
            var path = Path.GetFullPath(parse.GetValue(file)!);
            var manifest = ManifestReader.ReadFile(path);
            if (parse.GetValue(name) is { } n && n != manifest.Name)
                throw new CliException($"{Path.GetFileName(path)} describes service {manifest.Name}, not {n}.");
            var imageTag = parse.GetValue(tag) ?? DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            if (!System.Text.RegularExpressions.Regex.IsMatch(imageTag, "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"))
                throw new CliException($"--tag {imageTag}: an image tag is letters, digits, '_', '.' and '-' (at most 128, not starting with '.' or '-').");
            var seconds = parse.GetValue(timeout);
            if (seconds <= 0)
                throw new CliException("--timeout must be a positive number of seconds.");

            var report = new DeployReporter();
            using var client = CliSettings.Client();
            report.Done($"Read {Path.GetFileName(path)}: service {manifest.Name}, port {manifest.Port}, {manifest.Cpu} CPU units / {manifest.Memory} MiB, "
                + (manifest.Count.Range is { } r ? $"{r} tasks" : manifest.Count.Desired == 1 ? "1 task" : $"{manifest.Count.Desired} tasks") + $", cluster {manifest.Cluster}");

            string image;
            if (manifest.Image.Build is { } build)
            {
                var dir = Path.GetDirectoryName(path)!;
                var context = Path.GetFullPath(build.Context, dir);
                var dockerfile = Path.GetFullPath(build.Dockerfile, dir);
                report.Step($"Building the image from {Path.GetRelativePath(dir, dockerfile)} (context {Path.GetRelativePath(dir, context)})");
                using var engine = ImagePublisher.OpenEngine();
                var args = build.Args.Count == 0 ? null : new Dictionary<string, string>(build.Args);
                image = await new ImagePublisher(client, engine).BuildAndPushAsync(context, Path.GetRelativePath(context, dockerfile), manifest.Name, imageTag, args, new ImageProgress(report), ct);
                report.Done($"Built and pushed {image}");
            }
            else
            {
                image = manifest.Image.Location!;
                report.Done($"Using the image {image}");
            }

            var target = await new Deployer(client, report).DeployAsync(manifest, image, ct);
            await new RolloutWatcher(client, report).WaitAsync(target, TimeSpan.FromSeconds(seconds), ct);
            var url = $"http://localhost{(target.ListenerPort == 80 ? "" : $":{target.ListenerPort}")}{target.Path}";
            report.Done($"Deployed {manifest.Name} ({Deployer.Revision(target.TaskDefinitionArn)}): {url}");
            report.Detail($"The load balancer listens on port {target.ListenerPort} of this host: from another machine use http://<this host>:{target.ListenerPort}{target.Path}");
            report.Detail($"Logs: berth logs <task-id> --cluster {manifest.Cluster}, or aws logs tail {manifest.LogGroup} --follow");
            return 0;
        });
        return cmd;
    }
}
