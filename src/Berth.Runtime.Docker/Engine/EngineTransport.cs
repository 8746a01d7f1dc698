using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Berth.Runtime.Docker.Engine;

/// <summary>
/// Shared HTTP plumbing for the resource classes: sending, JSON bodies and error mapping. Every request goes to the
/// path of the API version agreed with the engine on first use (its unversioned <c>GET /version</c>).
/// </summary>
internal sealed class EngineTransport(HttpClient http, string engine)
{
    private readonly Lock _gate = new();
    private Task<EngineApiVersion>? _negotiation;

    /// <summary>
    /// The version agreed with the engine, asked once; a failure (no engine yet, no version in common) is not kept,
    /// so the next call asks again.
    /// </summary>
    public Task<EngineApiVersion> ApiVersionAsync(CancellationToken cancellationToken)
    {
        Task<EngineApiVersion> negotiation;
        lock (_gate)
        {
            if (_negotiation is null || _negotiation.IsFaulted || _negotiation.IsCanceled)
                _negotiation = NegotiateAsync();
            negotiation = _negotiation;
        }

        return negotiation.WaitAsync(cancellationToken);
    }

    private async Task<EngineApiVersion> NegotiateAsync()
    {
        // Shared by every caller, so bound by its own timeout rather than the first caller's token.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await http.GetAsync("version", timeout.Token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw await ToExceptionAsync(response, timeout.Token).ConfigureAwait(false);
        var version = await ReadJsonAsync(response, EngineJsonContext.Default.SystemVersion, timeout.Token).ConfigureAwait(false);
        var agreed = EngineApiVersion.Negotiate(version.MinApiVersion, version.ApiVersion);
        return agreed.Version ?? throw new EngineApiVersionException($"{agreed.Error} (engine: {engine}, Docker {version.Version})");
    }

    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string uri,
        HttpContent? content,
        CancellationToken cancellationToken,
        bool streamResponse = false,
        IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        var version = await ApiVersionAsync(cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(method, $"{version.PathSegment}/{uri}") { Content = content };
        if (headers is not null)
        {
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        var completion = streamResponse ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var response = await http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
            EngineMetrics.Record(method, uri, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), started);
            return response;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            EngineMetrics.Record(method, uri, "error", started);
            throw;
        }
    }

    /// <summary>
    /// Sends a request and returns the response when its status is 2xx or one of <paramref name="accepted"/>;
    /// otherwise throws <see cref="DockerEngineException"/>.
    /// </summary>
    public async Task<HttpResponseMessage> SendCheckedAsync(
        HttpMethod method,
        string uri,
        HttpContent? content,
        CancellationToken cancellationToken,
        bool streamResponse = false,
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        params HttpStatusCode[] accepted)
    {
        var response = await SendAsync(method, uri, content, cancellationToken, streamResponse, headers).ConfigureAwait(false);
        if (response.IsSuccessStatusCode || accepted.Contains(response.StatusCode))
        {
            return response;
        }

        using (response)
        {
            throw await ToExceptionAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>GET a JSON document; 404 answers null.</summary>
    public async Task<T?> GetJsonOrNullAsync<T>(string uri, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await SendCheckedAsync(HttpMethod.Get, uri, null, cancellationToken, accepted: HttpStatusCode.NotFound).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        return await ReadJsonAsync(response, typeInfo, cancellationToken).ConfigureAwait(false);
    }

    public async Task<T> GetJsonAsync<T>(string uri, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var response = await SendCheckedAsync(HttpMethod.Get, uri, null, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync(response, typeInfo, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TResponse> PostJsonAsync<TRequest, TResponse>(
        string uri,
        TRequest body,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
    {
        using var content = JsonContent(body, requestType);
        using var response = await SendCheckedAsync(HttpMethod.Post, uri, content, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync(response, responseType, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a bodiless request, accepting 2xx and <paramref name="accepted"/>; returns the status.</summary>
    public async Task<HttpStatusCode> SendNoContentAsync(
        HttpMethod method,
        string uri,
        CancellationToken cancellationToken,
        params HttpStatusCode[] accepted)
    {
        using var response = await SendCheckedAsync(method, uri, null, cancellationToken, accepted: accepted).ConfigureAwait(false);
        return response.StatusCode;
    }

    public static HttpContent JsonContent<T>(T body, JsonTypeInfo<T> typeInfo)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, typeInfo);
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    public static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var value = await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false);
            return value ?? throw new DockerEngineException((int)response.StatusCode, $"The engine answered an empty {typeof(T).Name}.");
        }
    }

    public static async Task<DockerEngineException> ToExceptionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            body = "";
        }

        return new DockerEngineException(status, ErrorMessage(body) ?? $"{status} {response.ReasonPhrase}".Trim());
    }

    /// <summary>The engine's <c>message</c> field of an error body, or the trimmed body when it is not JSON.</summary>
    internal static string? ErrorMessage(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            var error = JsonSerializer.Deserialize(body, EngineJsonContext.Default.EngineError);
            if (!string.IsNullOrEmpty(error?.Message))
            {
                return error.Message;
            }
        }
        catch (JsonException)
        {
        }

        return body.Trim();
    }

    /// <summary>
    /// Reads a JSON-lines progress stream (pull, import, build) to its end, throwing on the first
    /// line carrying <c>error</c> or <c>errorDetail</c>. Returns the last image ID reported
    /// (<c>aux.ID</c>, or a <c>status</c>/<c>stream</c> that is an image ID), if any.
    /// </summary>
    public static Task<string?> ReadProgressAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        ReadProgressAsync(response, null, cancellationToken);

    /// <summary>As above, reporting each line's text (build output, or pull/push status) to <paramref name="progress"/>.</summary>
    public static async Task<string?> ReadProgressAsync(HttpResponseMessage response, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            string? imageId = null;
            var reader = new LineReader(stream);
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                var span = line.Span.Trim((byte)'\r');
                if (span.IsEmpty || span.IsWhiteSpace())
                {
                    continue;
                }

                ProgressMessage? message;
                try
                {
                    message = JsonSerializer.Deserialize(span, EngineJsonContext.Default.ProgressMessage);
                }
                catch (JsonException)
                {
                    continue;
                }

                if (message is null)
                {
                    continue;
                }

                if (message.Error is not null || message.ErrorDetail is not null)
                {
                    var text = message.ErrorDetail?.Message ?? message.Error;
                    throw new DockerEngineException((int)response.StatusCode, string.IsNullOrWhiteSpace(text) ? "The engine reported an error." : text.Trim());
                }

                if (progress is not null && ProgressText(message) is { Length: > 0 } report)
                {
                    progress.Report(report);
                }

                if (message.Aux?.Id is { Length: > 0 } auxId)
                {
                    imageId = auxId;
                }
                else if (LooksLikeImageId(message.Status))
                {
                    imageId = message.Status!.Trim();
                }
                else if (LooksLikeImageId(message.Stream))
                {
                    imageId = message.Stream!.Trim();
                }
            }

            return imageId;
        }
    }

    /// <summary>Build output lines as the engine wrote them; pull/push status as "layer: Pushing 3MB/5MB".</summary>
    private static string? ProgressText(ProgressMessage message)
    {
        if (message.Stream is { } stream)
        {
            return stream.TrimEnd('\r', '\n');
        }

        if (message.Status is not { Length: > 0 } status)
        {
            return null;
        }

        var line = message.Id is { Length: > 0 } id ? $"{id}: {status}" : status;
        return message.Progress is { Length: > 0 } bar ? $"{line} {bar}" : line;
    }

    private static bool LooksLikeImageId(string? text) =>
        text is not null && text.Trim() is { Length: 71 } trimmed && trimmed.StartsWith("sha256:", StringComparison.Ordinal);
}

file static class SpanExtensions
{
    public static bool IsWhiteSpace(this ReadOnlySpan<byte> span)
    {
        foreach (var b in span)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }
}
