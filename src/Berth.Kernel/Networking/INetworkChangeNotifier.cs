namespace Berth.Kernel.Networking;

/// <summary>
/// Told when what the packet filter is rendered from changed (a rule, an interface, a listener), so it is applied at
/// once rather than at its next poll. Implemented by the packet filter's controller; writers call it after their
/// write is committed, and may do without it (the filter polls as well).
/// </summary>
public interface INetworkChangeNotifier
{
    void Notify();
}
