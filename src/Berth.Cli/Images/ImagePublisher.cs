using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Berth.Runtime.Docker.Engine;

namespace Berth.Cli.Images;

/// <summary>
/// Builds an image from a folder through the Docker Engine API and pushes it to Berth's registry (an ECR
/// repository, created when missing, logged in with GetAuthorizationToken) — `docker build` + `docker push`
/// without the docker CLI. Used by `berth deploy` and by compose files' <c>build:</c>.
/// </summary>
sealed class ImagePublisher(BerthClient client, DockerEngine engine)
{
    const string Ecr = "AmazonEC2ContainerRegistry_V20150921";

    /// <summary>Builds <paramref name="contextDir"/> with <paramref name="dockerfile"/> (relative to it), pushes it as
    /// <paramref name="repository"/>:<paramref name="tag"/> and returns the pushed image URI (host:port/repository:tag).
    /// Build output and push status lines go to <paramref name="progress"/>; failures throw <see cref="CliException"/>.</summary>
    public async Task<string> BuildAndPushAsync(string contextDir, string dockerfile, string repository, string tag,
        IDictionary<string, string>? buildArgs, IProgress<string> progress, CancellationToken ct)
    {
        if (!Directory.Exists(contextDir))
            throw new CliException($"The build context {contextDir} is not a folder.");
        var dockerfilePath = Path.GetRelativePath(Path.GetFullPath(contextDir), Path.GetFullPath(dockerfile, Path.GetFullPath(contextDir))).Replace('\\', '/');
        if (dockerfilePath.StartsWith("../", StringComparison.Ordinal) || !File.Exists(Path.Combine(contextDir, dockerfilePath)))
            throw new CliException($"No Dockerfile at {Path.Combine(contextDir, dockerfilePath)} (it must be inside the build context {contextDir}).");

        var repositoryUri = await EnsureRepositoryAsync(repository, ct);
        var image = $"{repositoryUri}:{tag}";
        await Engine(async () =>
        {
            await using var tar = await BuildContext.TarAsync(contextDir, dockerfilePath, ct);
            var args = buildArgs is null ? null : new Dictionary<string, string>(buildArgs);
            await engine.Images.BuildAsync(tar, new ImageBuildOptions(image, dockerfilePath, args), progress, ct);
        }, "build failed");
        var auth = await RegistryAuthAsync(repositoryUri, ct);
        await Engine(() => engine.Images.PushAsync(image, auth, progress, ct), $"push of {image} failed");
        return image;
    }

    /// <summary>The repository's URI: CreateRepository, or DescribeRepositories when it already exists.</summary>
    async Task<string> EnsureRepositoryAsync(string repository, CancellationToken ct)
    {
        var request = new JsonObject { ["repositoryName"] = repository }.ToJsonString();
        try
        {
            var created = await client.CallAsync("ecr", $"{Ecr}.CreateRepository", request, ct);
            return created.GetProperty("repository").GetProperty("repositoryUri").GetString()!;
        }
        catch (CliException e) when (e.Message.StartsWith("RepositoryAlreadyExistsException", StringComparison.Ordinal))
        {
            var found = await client.CallAsync("ecr", $"{Ecr}.DescribeRepositories",
                new JsonObject { ["repositoryNames"] = new JsonArray(repository) }.ToJsonString(), ct);
            return found.GetProperty("repositories")[0].GetProperty("repositoryUri").GetString()!;
        }
    }

    /// <summary>GetAuthorizationToken's base64 "AWS:password" as the engine's X-Registry-Auth for the registry host.</summary>
    async Task<string> RegistryAuthAsync(string repositoryUri, CancellationToken ct)
    {
        var answer = await client.CallAsync("ecr", $"{Ecr}.GetAuthorizationToken", "{}", ct);
        var token = answer.GetProperty("authorizationData")[0].GetProperty("authorizationToken").GetString()!;
        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(token));
        var colon = decoded.IndexOf(':');
        return ImagesApi.RegistryAuth(decoded[..colon], decoded[(colon + 1)..], repositoryUri[..repositoryUri.IndexOf('/')]);
    }

    /// <summary>Engine failures as one line for the user: the builder's own message, or where the engine was expected.</summary>
    async Task Engine(Func<Task> action, string what)
    {
        try
        {
            await action();
        }
        catch (DockerEngineException e)
        {
            throw new CliException($"{what}: {e.Message}");
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException || e.HttpRequestError == HttpRequestError.ConnectionError)
        {
            throw new CliException($"The Docker engine is not answering at {engine.SocketPath}: start dockerd (or set DOCKER_HOST=unix:///path/to/docker.sock).");
        }
    }

    /// <summary>The engine at DOCKER_HOST (unix:// only) or the default socket.</summary>
    public static DockerEngine OpenEngine()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (string.IsNullOrEmpty(host))
            return new DockerEngine();
        if (!host.StartsWith("unix://", StringComparison.Ordinal))
            throw new CliException($"DOCKER_HOST={host}: berth talks to the Docker engine on a unix socket only (unix:///var/run/docker.sock).");
        return new DockerEngine(host["unix://".Length..]);
    }
}
