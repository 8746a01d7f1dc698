namespace Berth.Network.Nftables;

public sealed record FirewallOptions
{
    /// <summary>The nftables table (family inet) Berth owns; berthds sharing a host (tests) each need their own.</summary>
    public string Table { get; init; } = "berth";

    /// <summary>berthd's API port, which tasks may call.</summary>
    public required int ApiPort { get; init; }

    /// <summary>The task resolver's port, which tasks may reach (udp and tcp); null when berthd serves no DNS.</summary>
    public int? DnsPort { get; init; } = 53;

    /// <summary>How often the state is read again besides the wakes on writes; a rule change is enforced within it.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long the bridges the engine reports are used before they are asked for again.</summary>
    public TimeSpan BridgeRefresh { get; init; } = TimeSpan.FromSeconds(5);
}
