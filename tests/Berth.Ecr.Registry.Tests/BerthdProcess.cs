using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Berth.Kernel.Auth;
using Berth.TestSupport;

namespace Berth.Ecr.Registry.Tests;

/// <summary>
/// The real <c>berthd</c> (<c>dotnet berthd.dll</c>) on a temp data directory and a free port: start, SIGKILL,
/// start again on the same directory; plus a SigV4-signed ECR client. Disposing kills it and deletes the directory.
/// </summary>
public sealed class BerthdProcess : IAsyncDisposable
{
    const string AccessKeyId = "AKIABERTHREGISTRYTST";
    const string SecretAccessKey = "berth-registry-tests-secret-access-key-0001";
    readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    readonly BerthProcess _berthd = new(
        Path.Combine(Path.GetTempPath(), "berth-registry-tests", "berthd-" + Guid.NewGuid().ToString("N")),
        BerthProcess.FreePort(), AccessKeyId, SecretAccessKey);

    public BerthdProcess(IReadOnlyDictionary<string, string>? settings = null)
    {
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
            _berthd.Settings[name] = value;
    }

    public string DataDirectory => _berthd.DataDirectory;
    public Uri Endpoint => _berthd.Endpoint;
    public string BlobsDirectory => Path.Combine(DataDirectory, "registry", "blobs");
    public string UploadsDirectory => Path.Combine(DataDirectory, "registry", "uploads");
    public string Output => _berthd.Tail(60);

    public async Task StartAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await _berthd.StartAsync(timeout.Token);
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public Task KillAsync() => _berthd.KillAsync();

    /// <summary>An AWS JSON 1.1 ECR call signed with SigV4 (service <c>ecr</c>); asserts 200 and returns the body.</summary>
    public async Task<JsonDocument> EcrAsync(string operation, string json)
    {
        const string contentType = "application/x-amz-json-1.1";
        var target = $"AmazonEC2ContainerRegistry_V20150921.{operation}";
        var body = Encoding.UTF8.GetBytes(json);
        var host = Endpoint.Authority;
        var signed = new SigV4Signer(AccessKeyId, SecretAccessKey, "us-east-1", "ecr").Sign(new SigV4Request("POST", "/", "",
            [new("Host", host), new("X-Amz-Target", target), new("Content-Type", contentType)], body));
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new ByteArrayContent(body) };
        request.Headers.Host = host;
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        foreach (var (name, value) in signed.Request.Headers)
        {
            if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase) && !name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{operation}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text);
    }

    /// <summary>GetAuthorizationToken, decoded from base64 <c>AWS:&lt;token&gt;</c>, as a registry client with Basic auth.</summary>
    public async Task<HttpClient> RegistryClientAsync()
    {
        using var doc = await EcrAsync("GetAuthorizationToken", "{}");
        var encoded = doc.RootElement.GetProperty("authorizationData")[0].GetProperty("authorizationToken").GetString()!;
        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        Assert.StartsWith("AWS:", decoded, StringComparison.Ordinal);
        var client = new HttpClient { BaseAddress = Endpoint, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"AWS:{decoded["AWS:".Length..]}")));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _berthd.KillAsync();
        await _berthd.DisposeAsync();
        _http.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
