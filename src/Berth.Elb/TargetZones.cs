using Berth.Kernel;
using Berth.Kernel.Networking;

namespace Berth.Elb;

/// <summary>
/// The Availability Zone of an ip target, as ELB has it: detected from the subnet for an address in the target
/// group's VPC (a zone given must be that one), and for an address outside the VPC only <c>all</c> (an ALB sends to
/// it from every zone), or none.
/// </summary>
public static class TargetZones
{
    public const string All = "all";

    /// <param name="subnet">The target group's VPC's subnet holding the address; null when the address is outside the VPC.</param>
    public static string? Of(string ip, string? given, SubnetPlacement? subnet)
    {
        if (subnet is not null)
        {
            if (given is not null && given != subnet.AvailabilityZone)
                throw new AwsException("ValidationError", $"The Availability Zone '{given}' of target '{ip}' is not that of its subnet {subnet.SubnetId} ({subnet.AvailabilityZone}); leave it out for an address in the target group's VPC, where it is detected.");
            return subnet.AvailabilityZone;
        }
        if (given is not null && given != All)
            throw new AwsException("ValidationError", $"The Availability Zone '{given}' of target '{ip}' is not valid: the address is outside the target group's VPC, where the only Availability Zone an Application Load Balancer supports is 'all'.");
        return given;
    }
}
