using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Berth.Runtime.Docker.Tests;

/// <summary>
/// A stand-in for an engine of another API range, on a unix socket of its own: it answers the unversioned
/// <c>GET /version</c> with <paramref name="minApi"/>/<paramref name="maxApi"/>, refuses a path of a version outside them
/// as dockerd does ("client version 1.41 is too old"), and answers the few calls the tests make. Every request is kept.
/// </summary>
public sealed class FakeEngine : IDisposable
{
    readonly Socket _listener;
    readonly CancellationTokenSource _stop = new();
    readonly string _directory;
    readonly Version _min;
    readonly Version _max;
    readonly string _minText;
    readonly string _maxText;

    public FakeEngine(string minApi, string maxApi)
    {
        (_minText, _maxText, _min, _max) = (minApi, maxApi, Version.Parse(minApi), Version.Parse(maxApi));
        _directory = Directory.CreateTempSubdirectory("berth-fake-engine-").FullName;
        SocketPath = Path.Combine(_directory, "docker.sock");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(16);
        _ = AcceptAsync();
    }

    public string SocketPath { get; }

    /// <summary>"METHOD path" of every request, in order, and the bodies of those that had one.</summary>
    public ConcurrentQueue<(string Request, string Body)> Requests { get; } = new();

    async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    async Task ServeAsync(Socket client)
    {
        using var stream = new NetworkStream(client, ownsSocket: true);
        using var reader = new StreamReader(stream, Encoding.ASCII, false, 1, leaveOpen: true);
        try
        {
            while (await reader.ReadLineAsync(_stop.Token) is { Length: > 0 } requestLine)
            {
                var length = 0;
                while (await reader.ReadLineAsync(_stop.Token) is { Length: > 0 } header)
                {
                    if (header.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                        length = int.Parse(header["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
                }

                var body = new char[length];
                var read = 0;
                while (read < length)
                    read += await reader.ReadAsync(body.AsMemory(read), _stop.Token);
                var parts = requestLine.Split(' ');
                var (method, path) = (parts[0], parts[1].Split('?')[0]);
                Requests.Enqueue(($"{method} {path}", new string(body)));
                var (status, contentType, text) = Answer(method, path);
                var bytes = Encoding.UTF8.GetBytes(text);
                var head = $"HTTP/1.1 {status}\r\nContent-Type: {contentType}\r\nApi-Version: {_maxText}\r\nContent-Length: {bytes.Length}\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                await stream.WriteAsync(bytes, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
        {
        }
    }

    (string Status, string ContentType, string Body) Answer(string method, string path)
    {
        if (path == "/version")
            return ("200 OK", "application/json", $$"""{"Version":"fake","ApiVersion":"{{_maxText}}","MinAPIVersion":"{{_minText}}","Os":"linux","Arch":"amd64"}""");
        var segments = path.Trim('/').Split('/', 2);
        if (segments[0].StartsWith('v') && Version.TryParse(segments[0][1..], out var asked))
        {
            if (asked < _min)
                return ("400 Bad Request", "application/json", $$"""{"message":"client version {{segments[0][1..]}} is too old. Minimum supported API version is {{_minText}}, please upgrade your client to a newer version"}""");
            if (asked > _max)
                return ("400 Bad Request", "application/json", $$"""{"message":"client version {{segments[0][1..]}} is too new. Maximum supported API version is {{_maxText}}"}""");
            var rest = segments.Length > 1 ? segments[1] : "";
            return (method, rest) switch
            {
                ("GET", "_ping") => ("200 OK", "text/plain", "OK"),
                ("POST", "networks/create") => ("201 Created", "application/json", """{"Id":"fake-network","Warning":""}"""),
                ("POST", "containers/create") => ("201 Created", "application/json", """{"Id":"fake-container","Warnings":[]}"""),
                _ => ("404 Not Found", "application/json", """{"message":"page not found"}"""),
            };
        }

        return ("404 Not Found", "application/json", """{"message":"page not found"}""");
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        _stop.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
