using System.Net;
using Xunit.Abstractions;

namespace Berth.Ecr.Registry.Tests;

/// <summary>skopeo delete against the registry: the manifest goes, and with it its tag.</summary>
[Trait("Requires", "Docker")]
public sealed class SkopeoDeleteTests(ITestOutputHelper output)
{

    [DockerFact]
    public async Task Skopeo_Delete_RemovesManifest()
    {
        await using var host = await RegistryHost.StartAsync();
        const string repo = "e2e/deleted";
        await host.CreateRepositoryAsync(repo);
        var work = Path.Combine(host.Directory, "docker");
        var context = Path.Combine(work, "context");
        Directory.CreateDirectory(context);
        File.Copy("/bin/busybox", Path.Combine(context, "busybox"));
        await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"),
            $"FROM scratch\nCOPY busybox /bin/busybox\nLABEL berth.test={Guid.NewGuid():N}\nCMD [\"/bin/busybox\", \"true\"]\n");
        var env = new Dictionary<string, string> { ["DOCKER_CONFIG"] = Path.Combine(work, "config"), ["DOCKER_BUILDKIT"] = "0" };
        var local = $"berth-registry-tests/skopeo-delete:{Guid.NewGuid():N}";
        var creds = $"AWS:{host.Token}";
        var target = $"docker://{host.HostPort}/{repo}:v1";
        try
        {
            await ToolRunner.RunAsync(output, "docker", ["build", "-q", "-t", local, context], env);
            await ToolRunner.RunAsync(output, "skopeo", ["copy", "--dest-tls-verify=false", "--dest-creds", creds, $"docker-daemon:{local}", target], env);
            using var pushed = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/{repo}/manifests/v1"));
            Assert.Equal(HttpStatusCode.OK, pushed.StatusCode);
            var digest = pushed.Header("Docker-Content-Digest");
            Assert.Contains("\"v1\"", await host.Client.GetStringAsync($"/v2/{repo}/tags/list"));

            await ToolRunner.RunAsync(output, "skopeo", ["delete", "--tls-verify=false", "--creds", creds, target], env);

            using (var head = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/{repo}/manifests/{digest}")))
                Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
            using (var get = await host.Client.GetAsync($"/v2/{repo}/manifests/{digest}"))
                await RegistryClient.AssertErrorAsync(get, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
            using (var byTag = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/{repo}/manifests/v1")))
                Assert.Equal(HttpStatusCode.NotFound, byTag.StatusCode);
            using var tags = await host.Client.GetAsync($"/v2/{repo}/tags/list");
            var tagsBody = tags.StatusCode == HttpStatusCode.OK ? await tags.Content.ReadAsStringAsync() : "";
            output.WriteLine($"tags/list after delete: {(int)tags.StatusCode} {tagsBody}");
            Assert.DoesNotContain("\"v1\"", tagsBody);
            var inspect = await ToolRunner.RunAsync(output, "skopeo", ["inspect", "--tls-verify=false", "--creds", creds, target], env, allowFailure: true);
            Assert.Contains("manifest unknown", inspect, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            await ToolRunner.RunAsync(output, "docker", ["rmi", "-f", local], env, allowFailure: true);
        }
    }
}
