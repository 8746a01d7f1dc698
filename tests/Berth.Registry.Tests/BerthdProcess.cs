using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Berth.Api.Auth;

namespace Berth.Registry.Tests;

/// <summary>
/// The real <c>berthd</c> (<c>dotnet berthd.dll</c>) on a temp data directory and a free port: start, SIGKILL,
/// start again on the same directory; plus a SigV4-signed ECR client. Disposing kills it and deletes the directory.
/// </summary>
public sealed class BerthdProcess : IAsyncDisposable
{
    const string AccessKeyId = "AKIABERTHREGISTRYTST";
    const string SecretAccessKey = "berth-registry-tests-secret-access-key-0001";
    readonly ConcurrentQueue<string> _output = new();
    readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    Process? _process;

    public BerthdProcess()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "berth-registry-tests", "berthd-" + Guid.NewGuid().ToString("N"));
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public string DataDirectory { get; }
    public int Port { get; }
    public Uri Endpoint => new($"http://127.0.0.1:{Port}/");
    public string BlobsDirectory => Path.Combine(DataDirectory, "registry", "blobs");
    public string UploadsDirectory => Path.Combine(DataDirectory, "registry", "uploads");
    public string Output => string.Join('\n', _output.TakeLast(60));

    /// <summary>src/Berth.Server/bin/&lt;Configuration&gt;/&lt;tfm&gt;/berthd.dll above the test assembly.</summary>
    static string BerthdDll()
    {
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (tfm, configuration) = (baseDir.Name, baseDir.Parent!.Name);
        for (var dir = baseDir; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Berth.Server", "bin", configuration, tfm, "berthd.dll");
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException($"berthd.dll ({configuration}/{tfm}) not found above {AppContext.BaseDirectory}");
    }

    public async Task StartAsync()
    {
        Assert.Null(_process);
        Directory.CreateDirectory(DataDirectory);
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = DataDirectory,
        };
        psi.ArgumentList.Add(BerthdDll());
        psi.Environment["BERTH_DATA_DIR"] = DataDirectory;
        psi.Environment["BERTH_PORT"] = Port.ToString(CultureInfo.InvariantCulture);
        psi.Environment["BERTH_LISTEN"] = "127.0.0.1";
        psi.Environment["BERTH_ROOT_ACCESS_KEY_ID"] = AccessKeyId;
        psi.Environment["BERTH_ROOT_SECRET_ACCESS_KEY"] = SecretAccessKey;
        psi.Environment["DOTNET_NOLOGO"] = "1";
        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            if (process.HasExited)
                throw new Xunit.Sdk.XunitException($"berthd exited with {process.ExitCode}:\n{Output}");
            try
            {
                using var health = await probe.GetAsync(new Uri(Endpoint, "healthz"));
                if (health.IsSuccessStatusCode)
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"berthd did not answer /healthz within 60 s:\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (_process is not { } p)
            return;
        if (!p.HasExited)
            p.Kill(entireProcessTree: false);
        await p.WaitForExitAsync();
        p.Dispose();
        _process = null;
    }

    void Keep(string? line)
    {
        if (line is null)
            return;
        _output.Enqueue(line);
        while (_output.Count > 500 && _output.TryDequeue(out _))
        {
        }
    }

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
        await KillAsync();
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
