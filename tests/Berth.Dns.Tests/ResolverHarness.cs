using System.Diagnostics;
using System.Net;
using ARSoft.Tools.Net.Dns;
using Berth.Kernel.Networking;

namespace Berth.Dns.Tests;

/// <summary>
/// The resolver on real sockets at 127.0.0.1 (a free port), with an upstream that is a real DNS server too (ARSoft's,
/// on another port) answering the names the forwarding tests ask; <c>dig</c> runs against both.
/// </summary>
internal sealed class ResolverHarness : IDisposable
{
    public const string UpstreamName = "outside.example";
    public const string UpstreamAddress = "192.0.2.10";
    public const string UpstreamManyName = "many.example";

    readonly ResolverListener _listener;
    readonly Forwarder _forwarder;
    readonly DnsServer? _upstream;

    ResolverHarness(ResolverListener listener, Forwarder forwarder, DnsServer? upstream, ClientBudget budget)
    {
        _listener = listener;
        _forwarder = forwarder;
        _upstream = upstream;
        Budget = budget;
    }

    public IPEndPoint Endpoint => _listener.Endpoints[0];

    public ClientBudget Budget { get; }

    public static ResolverHarness Start(
        IServiceRecords? records, INetworkDirectory? networks = null, ClientLimits? limits = null, bool upstream = true,
        IReadOnlyList<IPAddress>? upstreams = null, int? upstreamPort = null, TimeSpan? deadline = null, IPAddress? listen = null)
    {
        limits ??= new ClientLimits();
        var time = TimeProvider.System;
        DnsServer? server = null;
        var port = upstreamPort ?? 53;
        if (upstream)
        {
            port = ResolverListener.FreePort(IPAddress.Loopback);
            server = new DnsServer(new UdpServerTransport(new IPEndPoint(IPAddress.Loopback, port)), new TcpServerTransport(new IPEndPoint(IPAddress.Loopback, port)));
            server.QueryReceived += (_, e) =>
            {
                e.Response = UpstreamAnswer((DnsMessage)e.Query);
                return Task.CompletedTask;
            };
            server.Start();
        }
        var budget = new ClientBudget(limits, time);
        var forwarder = new Forwarder(upstreams ?? (upstream ? [IPAddress.Loopback] : []), port, TimeSpan.FromMilliseconds(500), deadline ?? TimeSpan.FromSeconds(2), budget);
        var resolver = new TaskResolver(records, new VpcCache(networks, TimeSpan.FromSeconds(5), time), forwarder);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                listen ??= IPAddress.Loopback;
                var listener = ResolverListener.Start([listen], ResolverListener.FreePort(listen), resolver, budget, limits, time, _ => { }, CancellationToken.None);
                return new ResolverHarness(listener, forwarder, server, budget);
            }
            catch (System.Net.Sockets.SocketException) when (attempt < 5)
            {
                // the free UDP port was taken for TCP: try another
            }
        }
    }

    /// <summary>What the upstream knows: one address, and a name with so many that the answer needs TCP.</summary>
    static DnsMessage UpstreamAnswer(DnsMessage query)
    {
        var response = query.CreateResponseInstance();
        var q = query.Questions[0];
        var name = q.Name.ToString(false).ToLowerInvariant();
        if (name == UpstreamName && q.RecordType == RecordType.A)
            response.AnswerRecords.Add(new ARecord(q.Name, 300, IPAddress.Parse(UpstreamAddress)));
        else if (name == UpstreamManyName && q.RecordType == RecordType.A)
        {
            for (var i = 1; i <= 60; i++)
                response.AnswerRecords.Add(new ARecord(q.Name, 60, IPAddress.Parse($"198.51.100.{i}")));
        }
        else
            response.ReturnCode = ReturnCode.NxDomain;
        return response;
    }

    /// <summary>Runs dig against the resolver (one try, so a missing answer shows rather than being retried away).</summary>
    public Task<string> DigAsync(params string[] args) => Dig.RunAsync([$"@{Endpoint.Address}", "-p", Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "+tries=1", "+time=5", .. args]);

    public void Dispose()
    {
        _listener.Dispose();
        _forwarder.Dispose();
        _upstream?.Stop();
    }
}

internal static class Dig
{
    public static async Task<string> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dig") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var p = Process.Start(start) ?? throw new InvalidOperationException("dig did not start (apt-get install dnsutils)");
        var output = await p.StandardOutput.ReadToEndAsync();
        var error = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return output + error;
    }

    /// <summary>The records of one section of dig's output, as its lines (name, ttl, class, type, data).</summary>
    public static IReadOnlyList<string[]> Section(string output, string section)
    {
        var lines = output.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith($";; {section} SECTION:", StringComparison.Ordinal));
        if (start < 0)
            return [];
        return lines.Skip(start + 1).TakeWhile(l => l.Trim().Length > 0)
            .Select(l => l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)).ToList();
    }

    public static string Status(string output) =>
        System.Text.RegularExpressions.Regex.Match(output, @"status: (\w+)").Groups[1].Value;

    public static string Flags(string output) =>
        System.Text.RegularExpressions.Regex.Match(output, @";; flags: ([a-z ]+);").Groups[1].Value;
}
