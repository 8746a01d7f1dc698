using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace Berth.Ecr.Registry.Tests;

/// <summary>
/// The registry driven by clients nobody on the team wrote: the Docker engine (login, push, pull, run) and skopeo
/// (inspect, copy between repositories). Docker treats <c>localhost:&lt;port&gt;</c> as an insecure registry, so
/// plain HTTP works. Skipped (and said so) only when the engine is absent outside CI.
/// </summary>
[Trait("Requires", "Docker")]
public sealed class DockerEndToEndTests(ITestOutputHelper output)
{


    [DockerFact]
    public async Task DockerAndSkopeo_PushPullInspectCopy()
    {
        await using var host = await RegistryHost.StartAsync();
        await host.CreateRepositoryAsync("e2e/busybox");
        await host.CreateRepositoryAsync("e2e/copy");
        var work = Path.Combine(host.Directory, "docker");
        var context = Path.Combine(work, "context");
        Directory.CreateDirectory(context);
        File.Copy("/bin/busybox", Path.Combine(context, "busybox"));
        await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"),
            "FROM scratch\nCOPY busybox /bin/busybox\nCMD [\"/bin/busybox\", \"echo\", \"hello from berth\"]\n");
        var env = new Dictionary<string, string>
        {
            ["DOCKER_CONFIG"] = Path.Combine(work, "config"),
            ["DOCKER_BUILDKIT"] = "0",
        };
        var image = $"{host.HostPort}/e2e/busybox:v1";
        var creds = $"AWS:{host.Token}";
        try
        {
            await Run("docker", ["login", host.HostPort, "-u", "AWS", "--password-stdin"], env, stdin: host.Token);
            await Run("docker", ["build", "-q", "-t", image, context], env);
            await Run("docker", ["push", image], env);

            using (var tags = await host.Client.GetAsync("/v2/e2e/busybox/tags/list"))
                Assert.Contains("\"v1\"", await tags.Content.ReadAsStringAsync());

            await Run("docker", ["rmi", image], env);
            await Run("docker", ["pull", image], env);
            var said = await Run("docker", ["run", "--rm", "--network", "none", image], env);
            Assert.Contains("hello from berth", said);

            var inspect = await Run("skopeo", ["inspect", "--tls-verify=false", "--creds", creds, $"docker://{image}"], env);
            string digest;
            using (var doc = JsonDocument.Parse(inspect))
            {
                digest = doc.RootElement.GetProperty("Digest").GetString()!;
                Assert.Equal("linux", doc.RootElement.GetProperty("Os").GetString());
                Assert.Single(doc.RootElement.GetProperty("Layers").EnumerateArray());
            }
            using (var head = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v2/e2e/busybox/manifests/v1")))
                Assert.Equal(digest, head.Headers.GetValues("Docker-Content-Digest").Single());

            await Run("skopeo", ["copy", "--src-tls-verify=false", "--dest-tls-verify=false", "--src-creds", creds, "--dest-creds", creds,
                $"docker://{image}", $"docker://{host.HostPort}/e2e/copy:copied"], env);
            using var copied = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v2/e2e/copy/manifests/copied"));
            Assert.Equal(HttpStatusCode.OK, copied.StatusCode);
            Assert.Equal(digest, copied.Headers.GetValues("Docker-Content-Digest").Single());

            // Wrong credentials are refused by the real client too.
            var refused = await Run("skopeo", ["inspect", "--tls-verify=false", "--creds", "AWS:wrong", $"docker://{image}"], env, allowFailure: true);
            Assert.Contains("unauthorized", refused, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            await Run("docker", ["rmi", "-f", image], env, allowFailure: true);
            await Run("docker", ["logout", host.HostPort], env, allowFailure: true);
        }
    }

    async Task<string> Run(string file, string[] args, Dictionary<string, string> env, string? stdin = null, bool allowFailure = false)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        foreach (var (k, v) in env)
            psi.Environment[k] = v;
        using var process = Process.Start(psi)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        var text = await stdout + await stderr;
        output.WriteLine($"$ {file} {string.Join(' ', args.Select(a => a.Contains(':', StringComparison.Ordinal) && a.StartsWith("AWS:", StringComparison.Ordinal) ? "AWS:***" : a))} → {process.ExitCode}\n{text}");
        if (process.ExitCode != 0 && !allowFailure)
            throw new Xunit.Sdk.XunitException($"{file} {args[0]} failed ({process.ExitCode}): {text}");
        return text;
    }
}
