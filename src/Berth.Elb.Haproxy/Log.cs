using Microsoft.Extensions.Logging;

namespace Berth.Elb.Haproxy;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Error, "HAProxy is not installed ('{Binary}' not found): load balancers cannot carry traffic. Install the Debian package 'haproxy'.")]
    public static partial void NotInstalled(ILogger logger, string binary);

    [LoggerMessage(2, LogLevel.Information, "Adopted the running HAProxy (master pid {Pid}) of {Directory}")]
    public static partial void Adopted(ILogger logger, int pid, string directory);

    [LoggerMessage(3, LogLevel.Information, "Started HAProxy for {Directory}")]
    public static partial void Started(ILogger logger, string directory);

    [LoggerMessage(4, LogLevel.Warning, "HAProxy is not running (crashed or killed); starting it again with the current configuration")]
    public static partial void Restarting(ILogger logger);

    [LoggerMessage(5, LogLevel.Error, "HAProxy did not start: {Reason}")]
    public static partial void StartFailed(ILogger logger, string reason);

    [LoggerMessage(6, LogLevel.Information, "Reloaded HAProxy with a new configuration ({Frontends} listeners, {Backends} target groups)")]
    public static partial void Reloaded(ILogger logger, int frontends, int backends);

    [LoggerMessage(7, LogLevel.Error, "HAProxy reload failed: {Reason}")]
    public static partial void ReloadFailed(ILogger logger, string reason);

    [LoggerMessage(8, LogLevel.Error, "The generated HAProxy configuration is invalid; leaving out load balancer {LoadBalancer}: {Reason}")]
    public static partial void InvalidConfig(ILogger logger, string loadBalancer, string reason);

    [LoggerMessage(9, LogLevel.Warning, "Listener port {Port} of load balancer {LoadBalancer} is in use on this host; that listener is not served")]
    public static partial void PortInUse(ILogger logger, int port, string loadBalancer);

    [LoggerMessage(10, LogLevel.Warning, "Could not add target {Target} to {Backend}: {Reason}")]
    public static partial void AddFailed(ILogger logger, string target, string backend, string reason);

    [LoggerMessage(11, LogLevel.Information, "Target {Target} of {TargetGroup} finished draining and is deregistered")]
    public static partial void Deregistered(ILogger logger, string target, string targetGroup);

    [LoggerMessage(14, LogLevel.Warning, "Cannot read the host's loopback addresses with 'ip' (install iproute2): load balancers' traffic to targets leaves from the host's address, not from their own")]
    public static partial void AddressesUnavailable(ILogger logger);

    [LoggerMessage(15, LogLevel.Warning, "Could not change load balancer address {Address} on the loopback interface: {Reason}")]
    public static partial void AddressFailed(ILogger logger, string address, string reason);

    [LoggerMessage(13, LogLevel.Information, "Stopped HAProxy")]
    public static partial void Stopped(ILogger logger);
}
