namespace Berth.Kernel.Networking;

/// <summary>
/// The IPv4 addresses the host itself holds, on any interface (a load balancer's source address another berthd left
/// on <c>lo</c>, a VPN's, a bridge's gateway). The directory never hands one to a task or load balancer: the host
/// would answer for it itself, and the task behind it would be unreachable from the host.
/// </summary>
public interface IHostAddresses
{
    IReadOnlySet<string> Current();
}
