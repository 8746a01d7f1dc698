namespace Berth.Ecs.Model;

/// <summary>
/// The task's elastic network interface as the network directory made it for the task (kept with the task, so its
/// sandbox is built with it again after a restart and the task's ENI details and metadata come from it).
/// </summary>
public sealed record TaskInterface
{
    public required string NetworkInterfaceId { get; set; }
    public required string SubnetId { get; set; }
    public required string VpcId { get; set; }
    public required string VpcCidr { get; set; }
    /// <summary>The account's default VPC, whose tasks stay on the engine network they had before VPCs existed.</summary>
    public bool DefaultVpc { get; set; }
    public required string AvailabilityZone { get; set; }
    public required string PrivateIpAddress { get; set; }
    public required string MacAddress { get; set; }
    public required string SubnetCidr { get; set; }
    /// <summary>The subnet's router (its base + 1), as the task metadata endpoint reports it.</summary>
    public required string Gateway { get; set; }
}
