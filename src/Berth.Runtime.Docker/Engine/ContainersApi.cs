using System.Net;
using System.Runtime.CompilerServices;

namespace Berth.Runtime.Docker.Engine;

/// <summary>/containers.</summary>
public sealed class ContainersApi
{
    private readonly EngineTransport _transport;

    internal ContainersApi(EngineTransport transport) => _transport = transport;

    /// <summary>POST /containers/create?name=..; returns the new container's ID.</summary>
    public async Task<string> CreateAsync(string name, ContainerCreateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var version = await _transport.ApiVersionAsync(cancellationToken).ConfigureAwait(false);
        var created = await _transport.PostJsonAsync(
            new Query("containers/create").Add("name", string.IsNullOrEmpty(name) ? null : name),
            request.ForApi(version),
            EngineJsonContext.Default.ContainerCreateRequest,
            EngineJsonContext.Default.IdResponse,
            cancellationToken).ConfigureAwait(false);
        return created.Id;
    }

    /// <summary>POST /containers/{id}/start; a container that is already running is not an error.</summary>
    public Task StartAsync(string id, CancellationToken cancellationToken) =>
        _transport.SendNoContentAsync(HttpMethod.Post, $"containers/{Query.Segment(id)}/start", cancellationToken, HttpStatusCode.NotModified);

    /// <summary>
    /// POST /containers/{id}/stop?t=..: the stop signal, then SIGKILL after <paramref name="timeoutSeconds"/>.
    /// Returns once the container has stopped; a container that is not running is not an error.
    /// </summary>
    public Task StopAsync(string id, int timeoutSeconds, CancellationToken cancellationToken) =>
        _transport.SendNoContentAsync(
            HttpMethod.Post,
            new Query($"containers/{Query.Segment(id)}/stop").Add("t", timeoutSeconds),
            cancellationToken,
            HttpStatusCode.NotModified);

    /// <summary>POST /containers/{id}/kill?signal=..; a container that is not running is not an error.</summary>
    public async Task KillAsync(string id, string signal, CancellationToken cancellationToken)
    {
        var uri = new Query($"containers/{Query.Segment(id)}/kill").Add("signal", signal);
        using var response = await _transport.SendCheckedAsync(HttpMethod.Post, uri, null, cancellationToken, accepted: HttpStatusCode.Conflict).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            var error = await EngineTransport.ToExceptionAsync(response, cancellationToken).ConfigureAwait(false);
            if (!error.Message.Contains("is not running", StringComparison.OrdinalIgnoreCase))
            {
                throw error;
            }
        }
    }

    /// <summary>
    /// DELETE /containers/{id}?force=..&amp;v=..; a container that is already gone (or already being
    /// removed) is not an error.
    /// </summary>
    public async Task RemoveAsync(string id, bool force, bool removeVolumes, CancellationToken cancellationToken)
    {
        var uri = new Query($"containers/{Query.Segment(id)}").Add("force", force).Add("v", removeVolumes);
        using var response = await _transport.SendCheckedAsync(HttpMethod.Delete, uri, null, cancellationToken, accepted: [HttpStatusCode.NotFound, HttpStatusCode.Conflict]).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            var error = await EngineTransport.ToExceptionAsync(response, cancellationToken).ConfigureAwait(false);
            if (!error.Message.Contains("already in progress", StringComparison.OrdinalIgnoreCase))
            {
                throw error;
            }
        }
    }

    /// <summary>GET /containers/{id}/json; null when there is no such container.</summary>
    public Task<ContainerInspect?> InspectAsync(string id, CancellationToken cancellationToken) =>
        _transport.GetJsonOrNullAsync($"containers/{Query.Segment(id)}/json", EngineJsonContext.Default.ContainerInspect, cancellationToken);

    /// <summary>GET /containers/json?all=..&amp;filters=.. (e.g. <c>{"label": ["berth.task=abc"]}</c>).</summary>
    public async Task<IReadOnlyList<ContainerSummary>> ListAsync(IDictionary<string, string[]>? filters, bool all, CancellationToken cancellationToken)
    {
        var uri = new Query("containers/json").Add("all", all).AddFilters(filters);
        return await _transport.GetJsonAsync(uri, EngineJsonContext.Default.ContainerSummaryArray, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>POST /containers/{id}/wait?condition=not-running; returns the exit code.</summary>
    public Task<int> WaitAsync(string id, CancellationToken cancellationToken) => WaitAsync(id, "not-running", cancellationToken);

    /// <summary>POST /containers/{id}/wait?condition=..; <paramref name="condition"/> is <c>not-running</c>, <c>next-exit</c> or <c>removed</c>. Returns the exit code.</summary>
    public async Task<int> WaitAsync(string id, string condition, CancellationToken cancellationToken)
    {
        var uri = new Query($"containers/{Query.Segment(id)}/wait").Add("condition", condition);
        using var response = await _transport.SendCheckedAsync(HttpMethod.Post, uri, null, cancellationToken, streamResponse: true).ConfigureAwait(false);
        var result = await EngineTransport.ReadJsonAsync(response, EngineJsonContext.Default.WaitResponse, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(result.Error?.Message))
        {
            throw new DockerEngineException((int)response.StatusCode, result.Error.Message);
        }

        return (int)result.StatusCode;
    }

    /// <summary>
    /// GET /containers/{id}/logs with stdout, stderr and timestamps, demultiplexed into lines.
    /// With <paramref name="follow"/> the sequence ends when the container stops. Lines at or after
    /// <paramref name="since"/> only. Whether the container has a TTY is detected from the stream.
    /// </summary>
    public IAsyncEnumerable<LogLine> LogsAsync(string id, DateTimeOffset? since, bool follow, CancellationToken cancellationToken) =>
        LogsAsync(id, since, follow, tty: null, cancellationToken);

    /// <param name="tty">Whether the container was created with Tty=true (a raw stream); null to detect it.</param>
    public async IAsyncEnumerable<LogLine> LogsAsync(
        string id,
        DateTimeOffset? since,
        bool follow,
        bool? tty,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var uri = new Query($"containers/{Query.Segment(id)}/logs")
            .Add("stdout", true)
            .Add("stderr", true)
            .Add("timestamps", true)
            .Add("follow", follow)
            .Add("since", since is { } time ? Query.UnixTime(time) : null);
        using var response = await _transport.SendCheckedAsync(HttpMethod.Get, uri, null, cancellationToken, streamResponse: true).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var line in LogDecoder.ReadAsync(stream, tty, cancellationToken).ConfigureAwait(false))
            {
                yield return line;
            }
        }
    }

    /// <summary>
    /// GET /containers/{id}/stats?stream=false: one sample. Without <paramref name="oneShot"/> the engine
    /// waits for a second sample so <see cref="ContainerStats.PreCpuStats"/> is filled (about a second);
    /// with it the answer is immediate and PreCpuStats is empty.
    /// </summary>
    public Task<ContainerStats> StatsAsync(string id, bool oneShot, CancellationToken cancellationToken)
    {
        var uri = new Query($"containers/{Query.Segment(id)}/stats").Add("stream", false).Add("one-shot", oneShot);
        return _transport.GetJsonAsync(uri, EngineJsonContext.Default.ContainerStats, cancellationToken);
    }

    /// <summary>
    /// GET /containers/{id}/stats?stream=false as the engine wrote it (with PreCpuStats, so about a second), for
    /// callers that pass Docker's shape through unchanged; null when there is no such container.
    /// </summary>
    public async Task<string?> StatsJsonAsync(string id, CancellationToken cancellationToken)
    {
        var uri = new Query($"containers/{Query.Segment(id)}/stats").Add("stream", false);
        using var response = await _transport.SendCheckedAsync(HttpMethod.Get, uri, null, cancellationToken, accepted: HttpStatusCode.NotFound).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }
}
