using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Xunit.Abstractions;

namespace Berth.Ecr.Registry.Tests;

/// <summary>
/// ECR's layer API and the Docker engine on one real berthd: an image <c>docker push</c>ed is read back with
/// BatchGetImage, BatchCheckLayerAvailability and a GET of GetDownloadUrlForLayer's URL (no credentials), and pushed
/// again into another repository with InitiateLayerUpload/UploadLayerPart/CompleteLayerUpload/PutImage — from which
/// <c>docker pull</c> fetches it and <c>docker run</c> runs it.
/// </summary>
[Trait("Requires", "Docker")]
public sealed class LayerApiDockerTests(ITestOutputHelper output)
{
    const int PartBytes = 256 * 1024;

    [Fact]
    public async Task DockerPushedImage_ReadThroughTheApi_PushedBackThroughTheApi_IsPulledByDocker()
    {
        // A subnet of its own, so this berthd's firewall table and task network are nobody else's.
        await using var berthd = new BerthdProcess(new Dictionary<string, string> { ["BERTH_SUBNET"] = "10.114.0.0/16" });
        await berthd.StartAsync();
        var host = berthd.Endpoint.Authority.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        (await berthd.EcrAsync("CreateRepository", """{"repositoryName":"e2e/docker"}""")).Dispose();
        (await berthd.EcrAsync("CreateRepository", """{"repositoryName":"e2e/api"}""")).Dispose();

        var work = Path.Combine(berthd.DataDirectory, "docker-work");
        var context = Path.Combine(work, "context");
        Directory.CreateDirectory(context);
        File.Copy("/bin/busybox", Path.Combine(context, "busybox"));
        await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"),
            "FROM scratch\nCOPY busybox /bin/busybox\nCMD [\"/bin/busybox\", \"echo\", \"pushed by the layer api\"]\n");
        var env = new Dictionary<string, string> { ["DOCKER_CONFIG"] = Path.Combine(work, "config"), ["DOCKER_BUILDKIT"] = "0" };
        var pushed = $"{host}/e2e/docker:v1";
        var copied = $"{host}/e2e/api:v1";
        string password;
        using (var token = await berthd.EcrAsync("GetAuthorizationToken", "{}"))
        {
            var encoded = token.RootElement.GetProperty("authorizationData")[0].GetProperty("authorizationToken").GetString()!;
            password = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(encoded))["AWS:".Length..];
        }
        try
        {
            await Run("docker", ["login", host, "-u", "AWS", "--password-stdin"], env, stdin: password);
            await Run("docker", ["build", "-q", "-t", pushed, context], env);
            await Run("docker", ["push", pushed], env);

            // Read back through the API.
            string manifest, mediaType;
            using (var got = await berthd.EcrAsync("BatchGetImage", """{"repositoryName":"e2e/docker","imageIds":[{"imageTag":"v1"}]}"""))
            {
                Assert.Equal(0, got.RootElement.GetProperty("failures").GetArrayLength());
                var image = got.RootElement.GetProperty("images")[0];
                manifest = image.GetProperty("imageManifest").GetString()!;
                mediaType = image.GetProperty("imageManifestMediaType").GetString()!;
            }
            using var parsed = JsonDocument.Parse(manifest);
            var blobs = parsed.RootElement.GetProperty("layers").EnumerateArray().Prepend(parsed.RootElement.GetProperty("config"))
                .Select(d => d.GetProperty("digest").GetString()!).ToList();
            using (var check = await berthd.EcrAsync("BatchCheckLayerAvailability", JsonSerializer.Serialize(new Dictionary<string, object> { ["repositoryName"] = "e2e/docker", ["layerDigests"] = blobs })))
            {
                Assert.Equal(0, check.RootElement.GetProperty("failures").GetArrayLength());
                Assert.All(check.RootElement.GetProperty("layers").EnumerateArray(), l => Assert.Equal("AVAILABLE", l.GetProperty("layerAvailability").GetString()));
            }

            using var anonymous = new HttpClient();
            foreach (var digest in blobs)
            {
                string url;
                using (var download = await berthd.EcrAsync("GetDownloadUrlForLayer", $$"""{"repositoryName":"e2e/docker","layerDigest":"{{digest}}"}"""))
                    url = download.RootElement.GetProperty("downloadUrl").GetString()!;
                var bytes = await anonymous.GetByteArrayAsync(url);
                Assert.Equal(digest, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)));

                // Pushed again into the other repository through the layer API, in parts.
                string uploadId;
                using (var initiated = await berthd.EcrAsync("InitiateLayerUpload", """{"repositoryName":"e2e/api"}"""))
                    uploadId = initiated.RootElement.GetProperty("uploadId").GetString()!;
                for (var first = 0; first < bytes.Length; first += PartBytes)
                {
                    var length = Math.Min(PartBytes, bytes.Length - first);
                    var part = Convert.ToBase64String(bytes, first, length);
                    using var uploaded = await berthd.EcrAsync("UploadLayerPart",
                        $$"""{"repositoryName":"e2e/api","uploadId":"{{uploadId}}","partFirstByte":{{first}},"partLastByte":{{first + length - 1}},"layerPartBlob":"{{part}}"}""");
                    Assert.Equal(first + length - 1, uploaded.RootElement.GetProperty("lastByteReceived").GetInt64());
                }
                using var completed = await berthd.EcrAsync("CompleteLayerUpload", $$"""{"repositoryName":"e2e/api","uploadId":"{{uploadId}}","layerDigests":["{{digest}}"]}""");
                Assert.Equal(digest, completed.RootElement.GetProperty("layerDigest").GetString());
            }
            using (var put = await berthd.EcrAsync("PutImage", JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["repositoryName"] = "e2e/api",
                ["imageTag"] = "v1",
                ["imageManifest"] = manifest,
                ["imageManifestMediaType"] = mediaType,
            })))
                Assert.Equal(RegistryClient.Digest(manifest), put.RootElement.GetProperty("image").GetProperty("imageId").GetProperty("imageDigest").GetString());

            // A part far over the edge's default 1 MiB JSON body (ECR takes up to 20 MiB of layer per part).
            var big = RandomNumberGenerator.GetBytes(3 * 1024 * 1024);
            string bigUpload;
            using (var initiated = await berthd.EcrAsync("InitiateLayerUpload", """{"repositoryName":"e2e/api"}"""))
                bigUpload = initiated.RootElement.GetProperty("uploadId").GetString()!;
            (await berthd.EcrAsync("UploadLayerPart", $$"""{"repositoryName":"e2e/api","uploadId":"{{bigUpload}}","partFirstByte":0,"partLastByte":{{big.Length - 1}},"layerPartBlob":"{{Convert.ToBase64String(big)}}"}""")).Dispose();
            (await berthd.EcrAsync("CompleteLayerUpload", $$"""{"repositoryName":"e2e/api","uploadId":"{{bigUpload}}","layerDigests":["{{RegistryClient.Digest(big)}}"]}""")).Dispose();
            using (var download = await berthd.EcrAsync("GetDownloadUrlForLayer", $$"""{"repositoryName":"e2e/api","layerDigest":"{{RegistryClient.Digest(big)}}"}"""))
                Assert.Equal(big, await anonymous.GetByteArrayAsync(download.RootElement.GetProperty("downloadUrl").GetString()!));

            // The engine pulls and runs what the API pushed.
            await Run("docker", ["rmi", pushed], env);
            await Run("docker", ["pull", copied], env);
            Assert.Contains("pushed by the layer api", await Run("docker", ["run", "--rm", "--network", "none", copied], env));
        }
        finally
        {
            await Run("docker", ["rmi", "-f", pushed, copied], env, allowFailure: true);
            await Run("docker", ["logout", host], env, allowFailure: true);
        }
    }

    async Task<string> Run(string file, string[] args, Dictionary<string, string> env, string? stdin = null, bool allowFailure = false)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null, UseShellExecute = false };
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
        output.WriteLine($"$ {file} {string.Join(' ', args)} → {process.ExitCode}\n{text}");
        if (process.ExitCode != 0 && !allowFailure)
            throw new Xunit.Sdk.XunitException($"{file} {args[0]} failed ({process.ExitCode}): {text}");
        return text;
    }
}
