using Berth.TestSupport.Networking;

namespace Berth.Dns.Tests;

/// <summary>The VPCs the resolver tests place clients in: vpc-a (10.0.0.0/16, the default) and vpc-b (10.1.0.0/16).</summary>
internal static class TestVpcs
{
    public static InMemoryNetworkDirectory AAndB()
    {
        var networks = InMemoryNetworkDirectory.Empty();
        networks.AddVpc("10.0.0.0/16", isDefault: true, id: "vpc-a");
        networks.AddVpc("10.1.0.0/16", id: "vpc-b");
        return networks;
    }
}
