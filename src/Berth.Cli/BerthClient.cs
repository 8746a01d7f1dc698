using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Berth.Kernel.Auth;

namespace Berth.Cli;

/// <summary>Signed AWS calls to a running berthd, each to the endpoint configured for its service (<paramref name="endpointFor"/>, by signing name).</summary>
sealed class BerthClient(Func<string, string> endpointFor, CliCredentials credentials, string region) : IDisposable
{
    readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Task<JsonElement> CallAsync(string service, string target, string json, CancellationToken ct) =>
        CallAsync(service, target, json, "application/x-amz-json-1.1", ct);

    /// <summary>A call in AWS JSON 1.0 or 1.1 (CloudWatch speaks 1.0), by <paramref name="contentType"/>.</summary>
    public async Task<JsonElement> CallAsync(string service, string target, string json, string contentType, CancellationToken ct)
    {
        using var resp = await SendSignedAsync(service, Encoding.UTF8.GetBytes(json), contentType, [new("X-Amz-Target", target)], ct);
        var text = await resp.Content.ReadAsStringAsync(ct);
        var doc = JsonDocument.Parse(text.Length == 0 ? "{}" : text).RootElement.Clone();
        if (!resp.IsSuccessStatusCode)
        {
            var type = doc.TryGetProperty("__type", out var t) ? t.GetString() : $"HTTP {(int)resp.StatusCode}";
            var message = doc.TryGetProperty("message", out var m) ? m.GetString() : text;
            throw new CliException(ErrorHints.Format(type!, message, credentials), type);
        }
        return doc;
    }

    /// <summary>
    /// A Query-protocol call (ELBv2: form POST with Action and Version, XML answer); returns the answer's root element.
    /// An error answer throws <see cref="CliException"/> as "Code: Message".
    /// </summary>
    public async Task<XElement> QueryAsync(string service, string action, string version, IReadOnlyDictionary<string, string> parameters, CancellationToken ct)
    {
        var form = new Dictionary<string, string>(parameters) { ["Action"] = action, ["Version"] = version };
        var body = Encoding.UTF8.GetBytes(string.Join('&', form.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}")));
        using var resp = await SendSignedAsync(service, body, "application/x-www-form-urlencoded; charset=utf-8", [], ct);
        var text = await resp.Content.ReadAsStringAsync(ct);
        XElement root;
        try
        {
            root = XDocument.Parse(text).Root!;
        }
        catch (System.Xml.XmlException)
        {
            throw new CliException($"{action}: HTTP {(int)resp.StatusCode} {text}");
        }
        if (!resp.IsSuccessStatusCode)
        {
            var error = root.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            var code = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value ?? $"HTTP {(int)resp.StatusCode}";
            var message = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value ?? text;
            throw new CliException(ErrorHints.Format(code, message, credentials), code);
        }
        return root;
    }

    /// <summary>POSTs <paramref name="body"/> to the endpoint signed with SigV4; a refused connection says how to start Berth.</summary>
    async Task<HttpResponseMessage> SendSignedAsync(string service, byte[] body, string contentType, KeyValuePair<string, string>[] extraHeaders, CancellationToken ct)
    {
        var endpoint = endpointFor(service);
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new CliException($"The endpoint \"{endpoint}\" is not an http:// or https:// URL (it comes from --endpoint-url, AWS_ENDPOINT_URL, the profile's endpoint_url or BERTH_ENDPOINT).");
        List<KeyValuePair<string, string>> headers = [new("Host", uri.Authority), new("Content-Type", contentType), .. extraHeaders];
        if (credentials.SessionToken is { } token)
            headers.Add(new("X-Amz-Security-Token", token)); // signed with the rest, as the SDKs send it
        var signed = new SigV4Signer(credentials.AccessKeyId, credentials.Secret, region, service).Sign(new SigV4Request("POST", "/", "", headers, body));
        using var req = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        foreach (var (k, v) in signed.Request.Headers)
        {
            if (k.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                req.Content.Headers.TryAddWithoutValidation(k, v);
            else if (!k.Equals("Host", StringComparison.OrdinalIgnoreCase))
                req.Headers.TryAddWithoutValidation(k, v);
        }
        try
        {
            return await _http.SendAsync(req, ct);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException || e.HttpRequestError == HttpRequestError.ConnectionError)
        {
            throw new CliException($"Berth is not answering at {endpoint}. Start it with `make up` (or `berth up`), or point berth at it with AWS_ENDPOINT_URL or --endpoint-url.");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliException($"Berth at {endpoint} did not answer within {_http.Timeout.TotalSeconds:0} s; is it overloaded? Its log is berthd.log in its data directory.");
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A failure to report to the user in one line, without a stack trace.</summary>
sealed class CliException(string message, string? errorType = null) : Exception(message)
{
    /// <summary>The AWS error code (e.g. ResourceNotFoundException) when the server refused the call.</summary>
    public string? ErrorType { get; } = errorType;
}
