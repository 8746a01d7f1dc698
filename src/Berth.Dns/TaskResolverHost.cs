using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Berth.Kernel.Networking;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Berth.Dns;

/// <summary>
/// Runs the task resolver: every task's nameserver (169.254.169.253, redirected inside its namespace to the address
/// tasks reach the host on) and the host's own on 127.0.0.1. In-process rather than dnsmasq driven by berthd: answers
/// come straight from Cloud Map's in-memory state, so a registration or a health change is visible at the next query
/// with no configuration file to write and no reload; and there is no second daemon to supervise. When the port is
/// taken (another resolver on :53, another berthd), it says so and listens on a free port instead: tasks reach it
/// through their redirect all the same, and berthd keeps running.
/// </summary>
public sealed partial class TaskResolverHost(
    TaskResolverOptions options, TaskResolverEndpoint endpoint, TimeProvider time, ILogger<TaskResolverHost> log,
    IServiceRecords? records = null, INetworkDirectory? directory = null)
    : BackgroundService
{
    static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IPAddress? taskAddress;
        try
        {
            taskAddress = await options.TaskFacingAddress(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNoTaskAddress(log, e.Message);
            taskAddress = null;
        }
        if (taskAddress is not null && taskAddress.Equals(options.HostAddress))
            taskAddress = null;

        var budget = new ClientBudget(options.Limits, time);
        var upstreams = options.Upstreams ?? ReadUpstreams();
        Forwarder? forwarder = null;
        ResolverListener? host = null, tasks = null;
        try
        {
            // The host's own address first, so the host resolves even while the task network's address does not exist yet.
            while (host is null)
            {
                foreach (var port in Ports(options.Port, options.HostAddress))
                {
                    // The loop check needs the port: a resolv.conf naming 127.0.0.1 loops only when we listen on :53 there.
                    IPAddress[] all = taskAddress is null ? [options.HostAddress] : [options.HostAddress, taskAddress];
                    var (use, loops) = Upstreams.WithoutSelf(upstreams, options.UpstreamPort, all.Select(a => new IPEndPoint(a, port)).ToList());
                    forwarder?.Dispose();
                    forwarder = new Forwarder(use, options.UpstreamPort, options.UpstreamTimeout, options.ForwardDeadline, budget);
                    host = TryStart(options.HostAddress, port, Resolver(forwarder, budget), budget, stoppingToken);
                    if (host is null)
                        continue;
                    if (port != options.Port)
                        LogPortTaken(log, options.Port, options.HostAddress.ToString(), port);
                    foreach (var loop in loops)
                        LogLoop(log, loop.ToString());
                    if (use.Count == 0)
                        LogNoUpstreams(log, options.Upstreams is null ? options.ResolvConfPath : "the settings");
                    break;
                }
                if (host is null)
                    await Task.Delay(Retry, time, stoppingToken);
            }
            var resolver = Resolver(forwarder!, budget);
            LogListening(log, string.Join(", ", host.Endpoints), string.Join(", ", forwarder!.Upstreams));
            var waiting = false;
            while (taskAddress is not null && tasks is null)
            {
                foreach (var port in Ports(host.Endpoints[0].Port, taskAddress))
                {
                    tasks = TryStart(taskAddress, port, resolver, budget, stoppingToken);
                    if (tasks is not null)
                        break;
                }
                if (tasks is null)
                {
                    if (!waiting)
                        LogWaitingForTaskAddress(log, taskAddress.ToString());
                    waiting = true;
                    await Task.Delay(Retry, time, stoppingToken); // e.g. the task bridge (and its gateway address) is not made yet
                }
            }
            if (tasks is not null)
            {
                if (tasks.Endpoints[0].Port != options.Port)
                    LogPortTaken(log, options.Port, taskAddress!.ToString(), tasks.Endpoints[0].Port);
                LogListening(log, string.Join(", ", tasks.Endpoints), string.Join(", ", forwarder!.Upstreams));
            }
            endpoint.SetListening(tasks?.Endpoints[0]);
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // berthd is stopping.
        }
        finally
        {
            endpoint.SetListening(null);
            tasks?.Dispose();
            host?.Dispose();
            forwarder?.Dispose();
        }
    }

    TaskResolver Resolver(Forwarder forwarder, ClientBudget budget) => new(records, new VpcCache(directory, options.VpcCacheTtl, time), forwarder);

    ResolverListener? TryStart(IPAddress address, int port, TaskResolver resolver, ClientBudget budget, CancellationToken stoppingToken)
    {
        try
        {
            return ResolverListener.Start([address], port, resolver, budget, options.Limits, time, e => LogQueryFailed(log, e), stoppingToken);
        }
        catch (SocketException e)
        {
            LogBindFailed(log, address.ToString(), port.ToString(CultureInfo.InvariantCulture), e.SocketErrorCode.ToString());
            return null;
        }
    }

    /// <summary>The wanted port, then a few free ones (each checked free just before binding).</summary>
    static IEnumerable<int> Ports(int wanted, IPAddress address)
    {
        yield return wanted;
        for (var i = 0; i < 5; i++)
        {
            int free;
            try
            {
                free = ResolverListener.FreePort(address);
            }
            catch (SocketException)
            {
                yield break; // the address is not on the host (yet)
            }
            yield return free;
        }
    }

    IReadOnlyList<IPAddress> ReadUpstreams()
    {
        try
        {
            return Upstreams.Parse(File.ReadAllText(options.ResolvConfPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogNoResolvConf(log, options.ResolvConfPath, e.Message);
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task DNS resolver listening on {Endpoints} (udp and tcp), forwarding to {Upstreams}")]
    static partial void LogListening(ILogger logger, string endpoints, string upstreams);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DNS port {Wanted} is taken or not allowed on {Address}; the task resolver listens there on port {Port} instead (tasks reach it through their 169.254.169.253 redirect; on the host: dig -p {Port} @{Address}). Set BERTH_DNS_PORT to choose")]
    static partial void LogPortTaken(ILogger logger, int wanted, string address, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The task resolver cannot listen on {Address} yet (the task network is not up?); it keeps trying, and new tasks wait for it")]
    static partial void LogWaitingForTaskAddress(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task DNS resolver cannot listen on {Address} port {Port}: {Reason}")]
    static partial void LogBindFailed(ILogger logger, string address, string port, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not forwarding to {Upstream}: it is this resolver itself, so every question would loop")]
    static partial void LogLoop(ILogger logger, string upstream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No upstream DNS servers in {Source}: names outside the Cloud Map namespaces get SERVFAIL")]
    static partial void LogNoUpstreams(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot read {Path}: {Reason}")]
    static partial void LogNoResolvConf(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No address tasks reach the host on ({Reason}); the task resolver serves the host only")]
    static partial void LogNoTaskAddress(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A DNS query was dropped")]
    static partial void LogQueryFailed(ILogger logger, Exception e);
}
