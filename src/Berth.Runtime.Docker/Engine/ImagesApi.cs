using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Berth.Runtime.Docker.Engine;

/// <summary>/images and /build.</summary>
public sealed class ImagesApi
{
    private readonly EngineTransport _transport;

    internal ImagesApi(EngineTransport transport) => _transport = transport;

    /// <summary>GET /images/{name}/json; null when the engine does not have the image.</summary>
    public Task<ImageInspect?> InspectAsync(string name, CancellationToken cancellationToken) =>
        _transport.GetJsonOrNullAsync($"images/{Query.Segment(name)}/json", EngineJsonContext.Default.ImageInspect, cancellationToken);

    /// <summary>
    /// POST /images/create?fromImage=..&amp;tag=.. and reads the progress stream to its end.
    /// Errors reported inside the (200) stream throw <see cref="DockerEngineException"/> too.
    /// </summary>
    /// <param name="image">A reference such as <c>nginx</c>, <c>host:5000/a/b:tag</c> or <c>a/b@sha256:..</c>.</param>
    /// <param name="registryAuthBase64">The X-Registry-Auth header value (base64url JSON), or null.</param>
    public async Task PullAsync(string image, string? registryAuthBase64, CancellationToken cancellationToken)
    {
        var reference = ImageReference.Parse(image);
        var uri = new Query("images/create").Add("fromImage", reference.Repository).Add("tag", reference.Tag);
        var headers = registryAuthBase64 is null
            ? null
            : new[] { KeyValuePair.Create("X-Registry-Auth", registryAuthBase64) };
        using var response = await _transport.SendCheckedAsync(HttpMethod.Post, uri, null, cancellationToken, streamResponse: true, headers: headers).ConfigureAwait(false);
        await EngineTransport.ReadProgressAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// POST /images/create?fromSrc=-: imports a root filesystem tar as <c>repo:tag</c>, applying
    /// Dockerfile <paramref name="changes"/> such as <c>CMD ["/pause"]</c>. Returns the image ID when reported.
    /// </summary>
    public async Task<string?> ImportAsync(Stream rootfsTar, string repo, string tag, IEnumerable<string> changes, CancellationToken cancellationToken)
    {
        var uri = new Query("images/create").Add("fromSrc", "-").Add("repo", repo).Add("tag", tag);
        foreach (var change in changes)
        {
            uri.Add("changes", change);
        }

        using var content = TarContent(rootfsTar);
        using var response = await _transport.SendCheckedAsync(HttpMethod.Post, uri, content, cancellationToken, streamResponse: true).ConfigureAwait(false);
        return await EngineTransport.ReadProgressAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// POST /build?t=..&amp;q=1 with a tar build context (a Dockerfile at its root). Reads the output
    /// stream to its end, throwing on an error line. Returns the built image ID when reported.
    /// </summary>
    public async Task<string?> BuildAsync(Stream contextTar, string tag, CancellationToken cancellationToken)
    {
        var uri = new Query("build").Add("t", tag).Add("q", true).Add("rm", true).Add("forcerm", true);
        using var content = TarContent(contextTar);
        using var response = await _transport.SendCheckedAsync(HttpMethod.Post, uri, content, cancellationToken, streamResponse: true).ConfigureAwait(false);
        return await EngineTransport.ReadProgressAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// POST /build of a full build context, streaming the builder's output lines to <paramref name="progress"/>
    /// (not quiet). Throws <see cref="DockerEngineException"/> with the failing step's message. Returns the image ID.
    /// </summary>
    public async Task<string?> BuildAsync(Stream contextTar, ImageBuildOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var uri = new Query("build").Add("t", options.Tag).Add("dockerfile", options.Dockerfile).Add("rm", true).Add("forcerm", true);
        if (options.BuildArgs is { Count: > 0 } args)
        {
            uri.Add("buildargs", JsonSerializer.Serialize(new Dictionary<string, string>(args), EngineJsonContext.Default.DictionaryStringString));
        }

        using var content = TarContent(contextTar);
        using var response = await _transport.SendCheckedAsync(HttpMethod.Post, uri, content, cancellationToken, streamResponse: true).ConfigureAwait(false);
        return await EngineTransport.ReadProgressAsync(response, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>POST /images/{name}/tag: names <paramref name="image"/> also <paramref name="repository"/>:<paramref name="tag"/>.</summary>
    public async Task TagAsync(string image, string repository, string tag, CancellationToken cancellationToken)
    {
        var uri = new Query($"images/{Query.Segment(image)}/tag").Add("repo", repository).Add("tag", tag);
        await _transport.SendNoContentAsync(HttpMethod.Post, uri, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// POST /images/{name}/push?tag=.. with the registry credentials in X-Registry-Auth, reporting per-layer
    /// status to <paramref name="progress"/>. Errors inside the (200) stream throw <see cref="DockerEngineException"/>.
    /// </summary>
    public async Task PushAsync(string image, string registryAuthBase64, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var reference = ImageReference.Parse(image);
        var uri = new Query($"images/{Query.Segment(reference.Repository)}/push").Add("tag", reference.Tag);
        var headers = new[] { KeyValuePair.Create("X-Registry-Auth", registryAuthBase64) };
        using var response = await _transport.SendCheckedAsync(HttpMethod.Post, uri, null, cancellationToken, streamResponse: true, headers: headers).ConfigureAwait(false);
        await EngineTransport.ReadProgressAsync(response, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The X-Registry-Auth value (base64url of the engine's AuthConfig JSON) for a user name and password.</summary>
    public static string RegistryAuth(string username, string password, string serverAddress)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(
            new Dictionary<string, string> { ["username"] = username, ["password"] = password, ["serveraddress"] = serverAddress },
            EngineJsonContext.Default.DictionaryStringString);
        return Convert.ToBase64String(json).Replace('+', '-').Replace('/', '_');
    }

    /// <summary>DELETE /images/{name}; an image that is already gone is not an error.</summary>
    public async Task RemoveAsync(string name, bool force, CancellationToken cancellationToken)
    {
        var uri = new Query($"images/{Query.Segment(name)}").Add("force", force);
        using var response = await _transport.SendCheckedAsync(HttpMethod.Delete, uri, null, cancellationToken, accepted: HttpStatusCode.NotFound).ConfigureAwait(false);
    }

    private static StreamContent TarContent(Stream tar)
    {
        var content = new StreamContent(new LeaveOpenStream(tar));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        return content;
    }
}
