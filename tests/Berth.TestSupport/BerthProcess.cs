using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Berth.TestSupport;

/// <summary>
/// The real <c>berthd</c> as a child process (<c>dotnet berthd.dll</c>) on a data directory and port of its own.
/// It can be stopped gracefully, killed with SIGKILL, and started again on the same data directory and port.
/// Its console output is kept (the last lines) for failure messages.
/// </summary>
public sealed class BerthProcess : IAsyncDisposable
{
    const int KeptLines = 2000;
    const int SigTerm = 15;

    readonly ConcurrentQueue<string> _lines = new();
    readonly HttpClient _health = new() { Timeout = TimeSpan.FromSeconds(2) };
    Process? _process;
    long _lineCount;

    public BerthProcess(string dataDirectory, int port, string accessKeyId, string secretAccessKey)
    {
        (DataDirectory, Port, AccessKeyId, SecretAccessKey) = (dataDirectory, port, accessKeyId, secretAccessKey);
    }

    public string DataDirectory { get; }

    public int Port { get; }

    public string AccessKeyId { get; }

    public string SecretAccessKey { get; }

    /// <summary>
    /// The address the API listens on (BERTH_LISTEN): loopback, unless tasks must reach the API themselves (an SDK
    /// inside a task), then the task bridge's gateway.
    /// </summary>
    public string ListenAddress { get; init; } = "127.0.0.1";

    public Uri Endpoint => new($"http://{ListenAddress}:{Port}/");

    /// <summary>More BERTH_* settings for this berthd (e.g. a short metrics interval), applied on every start.</summary>
    public Dictionary<string, string> Settings { get; } = new(StringComparer.Ordinal);

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>How many output lines berthd has written so far (a mark for <see cref="OutputSince"/>).</summary>
    public long OutputMark => Interlocked.Read(ref _lineCount);

    /// <summary>A free TCP port on 127.0.0.1 (free when asked; the OS does not hand it out again at once).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// berthd.dll in the build output of src/Berth.Server for this test run's configuration
    /// (BERTH_IT_BERTHD overrides it).
    /// </summary>
    public static string FindBerthdDll()
    {
        if (Environment.GetEnvironmentVariable("BERTH_IT_BERTHD") is { Length: > 0 } explicitPath)
            return File.Exists(explicitPath) ? explicitPath : throw new FileNotFoundException($"BERTH_IT_BERTHD={explicitPath} does not exist.");

        // The test assembly lives in tests/Berth.Integration.Tests/bin/<Configuration>/<tfm>/.
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = baseDir.Name;
        var configuration = baseDir.Parent?.Name ?? "Debug";
        for (var dir = baseDir; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Berth.Server", "bin", configuration, tfm, "berthd.dll");
            if (File.Exists(candidate))
                return candidate;
        }

        // The project reference also copies berthd.dll next to the tests.
        var copied = Path.Combine(AppContext.BaseDirectory, "berthd.dll");
        if (File.Exists(copied) && File.Exists(Path.Combine(AppContext.BaseDirectory, "berthd.runtimeconfig.json")))
            return copied;
        throw new FileNotFoundException($"berthd.dll not found under src/Berth.Server/bin/{configuration}/{tfm} above {AppContext.BaseDirectory}; build src/Berth.Server.");
    }

    /// <summary>Starts berthd and waits until GET /healthz answers.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        if (IsRunning)
            throw new InvalidOperationException("berthd is already running.");
        var dll = FindBerthdDll();
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = DataDirectory,
        };
        psi.ArgumentList.Add(dll);
        psi.Environment["BERTH_DATA_DIR"] = DataDirectory;
        psi.Environment["BERTH_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        psi.Environment["BERTH_LISTEN"] = ListenAddress;
        psi.Environment["BERTH_ROOT_ACCESS_KEY_ID"] = AccessKeyId;
        psi.Environment["BERTH_ROOT_SECRET_ACCESS_KEY"] = SecretAccessKey;
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in Settings)
            psi.Environment[name] = value;
        Directory.CreateDirectory(DataDirectory);

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data is null ? null : "[stderr] " + e.Data);
        Keep($"--- starting berthd ({dll}) on port {Port}, data {DataDirectory}");
        if (!process.Start())
            throw new InvalidOperationException("Could not start berthd.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"berthd exited with code {process.ExitCode} while starting:\n{Tail(60)}");
            try
            {
                using var response = await _health.GetAsync(new Uri(Endpoint, "healthz"), ct);
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // The probe timed out.
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"berthd did not answer /healthz within 60 s:\n{Tail(60)}");
            await Task.Delay(100, ct);
        }
    }

    /// <summary>Kills berthd with SIGKILL (no shutdown code runs) and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        if (_process is not { } p)
            return;
        if (!p.HasExited)
        {
            Keep("--- SIGKILL berthd");
            p.Kill(entireProcessTree: false);
        }
        await p.WaitForExitAsync();
        p.Dispose();
        _process = null;
    }

    /// <summary>SIGTERM, then SIGKILL when berthd has not exited within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process is not { } p)
            return;
        if (!p.HasExited)
        {
            Keep("--- SIGTERM berthd");
            _ = SendSignal(p.Id, SigTerm);
            using var wait = new CancellationTokenSource(grace);
            try
            {
                await p.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                Keep("--- berthd ignored SIGTERM; killing it");
            }
        }
        await KillAsync();
    }

    /// <summary>Starts berthd again on the same data directory and port.</summary>
    public Task RestartAsync(CancellationToken ct) => StartAsync(ct);

    /// <summary>The last <paramref name="count"/> lines of berthd's output.</summary>
    public string Tail(int count = 80) => string.Join('\n', _lines.TakeLast(count));

    /// <summary>Output lines written after <paramref name="mark"/> (at most the last <paramref name="max"/>).</summary>
    public IReadOnlyList<string> OutputSince(long mark, int max = 300)
    {
        var total = OutputMark;
        var wanted = (int)Math.Min(Math.Max(0, total - mark), Math.Min(max, KeptLines));
        return _lines.TakeLast(wanted).ToList();
    }

    void Keep(string? line)
    {
        if (line is null)
            return;
        _lines.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
        Interlocked.Increment(ref _lineCount);
        while (_lines.Count > KeptLines && _lines.TryDequeue(out _))
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        _health.Dispose();
    }

    static int SendSignal(int pid, int signal) => RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? -1 : Kill(pid, signal);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int Kill(int pid, int signal);
}
