// bench/dns: two modes, driven by run.sh.
//   serve <port> <names-file>   Berth's task resolver (TaskResolverHost, as berthd runs it) on 127.0.0.1:<port>, answering
//                               the names in the file (one "name address" per line, plus SRV records "_http._tcp.<name>")
//                               from an in-memory record source, until stdin closes.
//   load <port> <queries-file> <seconds> <concurrency>
//                               closed-loop UDP load: <concurrency> sockets, each sending the next query as soon as the
//                               last is answered (1 s timeout counts as lost); prints "qps p50_us p99_us lost".
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Berth.Dns;
using Berth.Kernel.Networking;
using Microsoft.Extensions.Logging.Abstractions;

return args switch
{
    ["serve", var port, var names] => await ServeAsync(int.Parse(port, CultureInfo.InvariantCulture), names),
    ["load", var port, var queries, var seconds, var concurrency] => await LoadAsync(int.Parse(port, CultureInfo.InvariantCulture), queries,
        int.Parse(seconds, CultureInfo.InvariantCulture), int.Parse(concurrency, CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: serve <port> <names-file> | load <port> <queries-file> <seconds> <concurrency>");
    return 2;
}

static async Task<int> ServeAsync(int port, string namesFile)
{
    var records = new BenchRecords("bench.internal", File.ReadAllLines(namesFile));
    var endpoint = new TaskResolverEndpoint();
    var options = new TaskResolverOptions { Port = port, Upstreams = [] };
    using var host = new TaskResolverHost(options, endpoint, TimeProvider.System, NullLogger<TaskResolverHost>.Instance, records);
    await host.StartAsync(CancellationToken.None);
    await endpoint.WaitAsync(CancellationToken.None);
    Console.WriteLine("ready");
    await Console.In.ReadToEndAsync(); // until run.sh closes our stdin
    await host.StopAsync(CancellationToken.None);
    return 0;
}

static async Task<int> LoadAsync(int port, string queriesFile, int seconds, int concurrency)
{
    var queries = File.ReadAllLines(queriesFile).Where(l => l.Length > 0).Select((l, i) =>
    {
        var parts = l.Split(' ');
        return Query(parts[0], parts[1] == "SRV" ? (ushort)33 : (ushort)1);
    }).ToArray();
    var target = new IPEndPoint(IPAddress.Loopback, port);
    var stop = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
    var latencies = new List<long>[concurrency];
    var lost = 0;
    var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
    {
        var mine = latencies[w] = new List<long>(1 << 16);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(target);
        var buffer = new byte[4096];
        var i = w;
        ushort id = (ushort)(w * 1000);
        while (Stopwatch.GetTimestamp() < stop)
        {
            var q = queries[i++ % queries.Length];
            id++;
            q[0] = (byte)(id >> 8);
            q[1] = (byte)id;
            var start = Stopwatch.GetTimestamp();
            await socket.SendAsync(q);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                while (true)
                {
                    var n = await socket.ReceiveAsync(buffer, timeout.Token);
                    if (n >= 12 && buffer[0] == (byte)(id >> 8) && buffer[1] == (byte)id)
                        break; // a late answer to an earlier (lost) query is skipped
                }
                mine.Add(Stopwatch.GetTimestamp() - start);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref lost);
            }
        }
    })).ToArray();
    var began = Stopwatch.GetTimestamp();
    await Task.WhenAll(workers);
    var elapsed = Stopwatch.GetElapsedTime(began).TotalSeconds;
    var all = latencies.SelectMany(l => l).Order().ToArray();
    double Us(double q) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(q * all.Length))] * 1e6 / Stopwatch.Frequency;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{all.Length / elapsed:F0} {Us(0.50):F0} {Us(0.99):F0} {lost}"));
    return 0;
}

static byte[] Query(string name, ushort type)
{
    var bytes = new List<byte> { 0, 0, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 };
    foreach (var label in name.TrimEnd('.').Split('.'))
    {
        bytes.Add((byte)label.Length);
        bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(label));
    }
    bytes.AddRange([0, (byte)(type >> 8), (byte)type, 0, 1]);
    return [.. bytes];
}

/// <summary>The bench's names as Cloud Map would serve them: an A record each, and an SRV record pointing at it.</summary>
sealed class BenchRecords : IServiceRecords
{
    readonly string _zone;
    readonly Dictionary<(string, DnsRecordType), DnsRecord[]> _records = [];
    readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);

    public BenchRecords(string zone, IEnumerable<string> lines)
    {
        _zone = zone;
        foreach (var line in lines.Where(l => l.Length > 0))
        {
            var (name, address) = (line.Split(' ')[0], line.Split(' ')[1]);
            Add(new DnsRecord(DnsRecordType.A, name, 15, Address: address));
            Add(new DnsRecord(DnsRecordType.Srv, $"_http._tcp.{name}", 15, Target: name, Port: 8080));
        }
    }

    void Add(DnsRecord r)
    {
        _names.Add(r.Name);
        _records[(r.Name.ToLowerInvariant(), r.Type)] = [.. _records.GetValueOrDefault((r.Name.ToLowerInvariant(), r.Type), []), r];
    }

    public Task<DnsAnswer?> LookupAsync(string name, DnsRecordType type, string? vpcId, CancellationToken ct)
    {
        if (!name.EndsWith("." + _zone, StringComparison.OrdinalIgnoreCase) && !name.Equals(_zone, StringComparison.OrdinalIgnoreCase))
            return Task.FromResult<DnsAnswer?>(null);
        var records = _records.GetValueOrDefault((name.ToLowerInvariant(), type), []);
        return Task.FromResult<DnsAnswer?>(new DnsAnswer(_names.Contains(name), records, _zone, 15));
    }
}
