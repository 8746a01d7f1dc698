using Berth.Ec2.Api;

namespace Berth.Ec2;

/// <summary>DescribeNetworkInterfaces: the interfaces tasks and load balancers hold (created and deleted through <see cref="NetworkDirectory"/>).</summary>
public sealed class InterfaceService(Ec2Resources res)
{
    public async Task<DescribeNetworkInterfacesOutput> DescribeAsync(DescribeNetworkInterfacesRequest r, CancellationToken ct)
    {
        foreach (var id in r.NetworkInterfaceIds ?? [])
        {
            if (!Ec2Ids.IsValid(id, Ec2Ids.NetworkInterface))
                throw Ec2Errors.InterfaceMalformed(id);
        }
        var all = await res.AllAsync(Ec2Kinds.Interfaces, ct);
        var groups = (await res.AllAsync(Ec2Kinds.SecurityGroups, ct)).ToDictionary(g => g.GroupId);
        var named = Ec2Resources.Named(all, r.NetworkInterfaceIds, i => i.NetworkInterfaceId, Ec2Errors.InterfaceNotFound);
        var matching = Ec2Filters.Apply(named, r.Filters, i => name => name switch
        {
            "network-interface-id" => Ec2Filters.One(i.NetworkInterfaceId),
            "subnet-id" => Ec2Filters.One(i.SubnetId),
            "vpc-id" => Ec2Filters.One(i.VpcId),
            "availability-zone" => Ec2Filters.One(i.AvailabilityZone),
            "group-id" => i.SecurityGroupIds,
            "group-name" => i.SecurityGroupIds.Select(g => groups.GetValueOrDefault(g)?.GroupName),
            "private-ip-address" or "addresses.private-ip-address" => Ec2Filters.One(i.PrivateIpAddress),
            "private-dns-name" => Ec2Filters.One(DnsName(i.PrivateIpAddress)),
            "mac-address" => Ec2Filters.One(i.MacAddress),
            "description" => Ec2Filters.One(i.Description),
            "requester-id" => Ec2Filters.One(i.RequesterId),
            "requester-managed" => Ec2Filters.Bool(true),
            "interface-type" => Ec2Filters.One(i.InterfaceType),
            "status" => Ec2Filters.One("in-use"),
            "owner-id" => Ec2Filters.One(res.AccountId),
            "source-dest-check" => Ec2Filters.Bool(true),
            "attachment.attachment-id" => Ec2Filters.One(i.AttachmentId),
            "attachment.status" => Ec2Filters.One("attached"),
            "attachment.device-index" => Ec2Filters.One("1"),
            "attachment.instance-owner-id" => Ec2Filters.One("amazon-aws"),
            "attachment.delete-on-termination" => Ec2Filters.Bool(false),
            _ => null,
        }, i => i.Tags);
        var (page, next) = Ec2Resources.Page(matching, r.MaxResults, r.NextToken, "DescribeNetworkInterfaces", r.NetworkInterfaceIds is { Count: > 0 });
        return new DescribeNetworkInterfacesOutput { NetworkInterfaces = [.. page.Select(i => Shape(i, groups))], NextToken = next };
    }

    /// <summary>The private DNS name EC2 gives an address in us-east-1 (<c>ip-10-89-0-4.ec2.internal</c>) and elsewhere (<c>….REGION.compute.internal</c>).</summary>
    string DnsName(string ip) => $"ip-{ip.Replace('.', '-')}.{(res.Region == "us-east-1" ? "ec2.internal" : res.Region + ".compute.internal")}";

    NetworkInterfaceShape Shape(InterfaceRecord i, IReadOnlyDictionary<string, SecurityGroupRecord> groups) => new()
    {
        Attachment = new AttachmentShape { AttachTime = i.Created, AttachmentId = i.AttachmentId },
        AvailabilityZone = i.AvailabilityZone,
        AvailabilityZoneId = i.AvailabilityZoneId,
        Description = i.Description,
        Groups = [.. i.SecurityGroupIds.Select(g => new GroupIdentifierShape(g, groups.GetValueOrDefault(g)?.GroupName ?? ""))],
        InterfaceType = i.InterfaceType,
        MacAddress = i.MacAddress,
        NetworkInterfaceId = i.NetworkInterfaceId,
        OwnerId = res.AccountId,
        PrivateDnsName = DnsName(i.PrivateIpAddress),
        PrivateIpAddress = i.PrivateIpAddress,
        PrivateIpAddresses = [new PrivateAddressShape(true, DnsName(i.PrivateIpAddress), i.PrivateIpAddress)],
        RequesterId = i.RequesterId,
        SubnetId = i.SubnetId,
        TagSet = Ec2Tagging.Shapes(i.Tags),
        VpcId = i.VpcId,
    };
}
