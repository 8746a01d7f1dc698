namespace Berth.Network.Nftables;

/// <summary>
/// Whether packets between two tasks on one bridge pass the IP hooks the filter sits on: only with
/// <c>net.bridge.bridge-nf-call-iptables=1</c> (the br_netfilter module, which the Docker engine loads) do they.
/// </summary>
public static class BridgeNetfilter
{
    public const string Setting = "/proc/sys/net/bridge/bridge-nf-call-iptables";

    /// <summary>True when bridged packets are filtered; false when the setting is 0 or absent (br_netfilter not loaded).</summary>
    public static bool Enabled(string path = Setting) => File.Exists(path) && File.ReadAllText(path).Trim() == "1";
}
