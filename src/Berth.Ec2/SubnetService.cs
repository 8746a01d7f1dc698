using System.Globalization;
using Berth.Ec2.Api;
using Berth.Kernel;
using Berth.Kernel.Storage;

namespace Berth.Ec2;

/// <summary>Subnets: a range inside their VPC's, not overlapping a sibling, in one of the region's zones.</summary>
public sealed class SubnetService(Ec2Resources res)
{
    /// <summary>AWS keeps the first four addresses of a subnet and its last.</summary>
    public const int Reserved = 5;

    public async Task<DescribeSubnetsOutput> DescribeAsync(DescribeSubnetsRequest r, CancellationToken ct)
    {
        foreach (var id in r.SubnetIds ?? [])
        {
            if (!Ec2Ids.IsValid(id, Ec2Ids.Subnet))
                throw Ec2Errors.SubnetMalformed(id);
        }
        var all = await res.AllAsync(Ec2Kinds.Subnets, ct);
        var used = (await res.Store.ListAsync(Ec2Kinds.Interfaces, new StoreQuery(), ct)).GroupBy(i => i.Value.SubnetId).ToDictionary(g => g.Key, g => g.Count());
        var named = Ec2Resources.Named(all, r.SubnetIds, s => s.SubnetId, Ec2Errors.SubnetNotFound);
        var matching = Ec2Filters.Apply(named, r.Filters, s => name => name switch
        {
            "subnet-id" => Ec2Filters.One(s.SubnetId),
            "vpc-id" => Ec2Filters.One(s.VpcId),
            "availability-zone" or "availabilityZone" => Ec2Filters.One(s.AvailabilityZone),
            "availability-zone-id" => Ec2Filters.One(s.AvailabilityZoneId),
            "cidr-block" or "cidr" or "cidrBlock" => Ec2Filters.One(s.CidrBlock),
            "default-for-az" or "defaultForAz" => Ec2Filters.Bool(s.DefaultForAz),
            "map-public-ip-on-launch" => Ec2Filters.Bool(s.MapPublicIpOnLaunch),
            "state" => Ec2Filters.One("available"),
            "owner-id" => Ec2Filters.One(res.AccountId),
            "subnet-arn" => Ec2Filters.One(res.Arn("subnet", s.SubnetId)),
            "available-ip-address-count" => Ec2Filters.One(Available(s, used).ToString(CultureInfo.InvariantCulture)),
            _ => null,
        }, s => s.Tags);
        var (page, next) = Ec2Resources.Page(matching, r.MaxResults, r.NextToken, "DescribeSubnets", r.SubnetIds is { Count: > 0 });
        return new DescribeSubnetsOutput { Subnets = [.. page.Select(s => Shape(s, Available(s, used)))], NextToken = next };
    }

    static int Available(SubnetRecord s, Dictionary<string, int> used) =>
        Ipv4Cidr.TryParse(s.CidrBlock, out var c, out _) ? (int)Math.Max(0, c.Size - Reserved - used.GetValueOrDefault(s.SubnetId)) : 0;

    public async Task<CreateSubnetOutput> CreateAsync(CreateSubnetRequest r, CancellationToken ct)
    {
        if (r.Ipv6CidrBlock is not null || r.Ipv6Native == true || r.Ipv6IpamPoolId is not null || r.Ipv6NetmaskLength is not null)
            throw Ec2Errors.Unsupported("Ipv6CidrBlock/Ipv6Native", "Berth's VPCs are IPv4 only.");
        if (r.Ipv4IpamPoolId is not null || r.Ipv4NetmaskLength is not null)
            throw Ec2Errors.Unsupported("Ipv4IpamPoolId/Ipv4NetmaskLength", "there is no IPAM in Berth; give CidrBlock.");
        if (r.OutpostArn is not null)
            throw Ec2Errors.Unsupported("OutpostArn", "there are no Outposts in Berth.");
        var vpc = await res.VpcAsync(r.VpcId, ct);
        if (string.IsNullOrEmpty(r.CidrBlock))
            throw Ec2Errors.Missing("CidrBlock");
        if (!Ipv4Cidr.TryParse(r.CidrBlock, out var cidr, out var aligned) || !aligned)
            throw Ec2Errors.InvalidValue("cidrBlock", r.CidrBlock, "This is not a valid CIDR block.");
        Ipv4Cidr.TryParse(vpc.CidrBlock, out var vpcRange, out _);
        if (cidr.Prefix is < 16 or > 28 || !vpcRange.Contains(cidr))
            throw new AwsException("InvalidSubnet.Range", $"The CIDR '{r.CidrBlock}' is invalid: a subnet's range is from /16 to /28, inside its VPC's ({vpc.CidrBlock}).");
        var zone = Zone(r.AvailabilityZone, r.AvailabilityZoneId);
        var tags = Ec2Tagging.FromSpecifications(r.TagSpecifications, "subnet");
        var siblings = await res.AllAsync(Ec2Kinds.Subnets, ct, scope: vpc.VpcId);
        if (siblings.FirstOrDefault(s => Ipv4Cidr.TryParse(s.CidrBlock, out var o, out _) && o.Overlaps(cidr)) is { } clash)
            throw new AwsException("InvalidSubnet.Conflict", $"The CIDR '{r.CidrBlock}' conflicts with another subnet: {clash.SubnetId} ({clash.CidrBlock}).");
        var subnet = new SubnetRecord
        {
            SubnetId = Ec2Ids.New(Ec2Ids.Subnet),
            VpcId = vpc.VpcId,
            CidrBlock = cidr.ToString(),
            AvailabilityZone = zone.Name,
            AvailabilityZoneId = zone.Id,
            Tags = tags,
            Created = res.Clock.GetUtcNow(),
        };
        await res.Store.CommitAsync(StoreWrite.Insert(Ec2Kinds.Subnets, subnet), ct);
        return new CreateSubnetOutput(Shape(subnet, (int)(cidr.Size - Reserved)));
    }

    (string Name, string Id) Zone(string? name, string? id)
    {
        if (name is not null && id is not null)
            throw Ec2Errors.Combination("Specify AvailabilityZone or AvailabilityZoneId, not both.");
        if (name is null && id is null)
            return res.Zones.All[0];
        return res.Zones.Find(name ?? id)
            ?? throw Ec2Errors.InvalidValue(name is null ? "availabilityZoneId" : "availabilityZone", name ?? id,
                $"Subnets can currently only be created in the following availability zones: {res.Zones.Names}.");
    }

    public async Task<ReturnOutput> DeleteAsync(SubnetIdRequest r, CancellationToken ct)
    {
        var subnet = await res.SubnetAsync(r.SubnetId, ct);
        if (subnet.VpcId == DefaultNetwork.VpcId && subnet.DefaultForAz)
            throw new AwsException("OperationNotPermitted", $"The subnet {subnet.SubnetId} is one of Berth's default subnets (the task network's) and cannot be deleted.");
        var interfaces = await res.Store.ListAsync(Ec2Kinds.Interfaces, new StoreQuery { Scope = subnet.SubnetId }, ct);
        if (interfaces.Count > 0)
        {
            throw Ec2Errors.Dependency($"The subnet '{subnet.SubnetId}' has dependencies and cannot be deleted: "
                + string.Join(", ", interfaces.Select(i => i.Value.NetworkInterfaceId)) + ".");
        }
        var stored = await res.Store.GetAsync(Ec2Kinds.Subnets, subnet.SubnetId, ct) ?? throw Ec2Errors.SubnetNotFound(subnet.SubnetId);
        await res.Store.CommitAsync(StoreWrite.Delete(Ec2Kinds.Subnets, subnet.SubnetId, stored.Version), ct);
        return new ReturnOutput();
    }

    public async Task<ReturnOutput> ModifyAttributeAsync(ModifySubnetAttributeRequest r, CancellationToken ct)
    {
        if (r.AssignIpv6AddressOnCreation?.Value == true || r.EnableDns64?.Value == true || r.EnableResourceNameDnsAAAARecordOnLaunch?.Value == true)
            throw Ec2Errors.Unsupported("AssignIpv6AddressOnCreation/EnableDns64/EnableResourceNameDnsAAAARecordOnLaunch", "Berth's VPCs are IPv4 only.");
        if (r.MapCustomerOwnedIpOnLaunch?.Value == true || r.CustomerOwnedIpv4Pool is not null)
            throw Ec2Errors.Unsupported("MapCustomerOwnedIpOnLaunch/CustomerOwnedIpv4Pool", "there are no Outposts in Berth.");
        if (r.EnableLniAtDeviceIndex is not null || r.DisableLniAtDeviceIndex is not null)
            throw Ec2Errors.Unsupported("EnableLniAtDeviceIndex/DisableLniAtDeviceIndex", "there are no Outposts in Berth.");
        if (r.PrivateDnsHostnameTypeOnLaunch is not null and not ("ip-name" or "resource-name"))
            throw Ec2Errors.InvalidValue("PrivateDnsHostnameTypeOnLaunch", r.PrivateDnsHostnameTypeOnLaunch, "It must be ip-name or resource-name.");
        var changes = new object?[]
        {
            r.MapPublicIpOnLaunch, r.AssignIpv6AddressOnCreation, r.EnableDns64, r.PrivateDnsHostnameTypeOnLaunch,
            r.EnableResourceNameDnsARecordOnLaunch, r.EnableResourceNameDnsAAAARecordOnLaunch, r.MapCustomerOwnedIpOnLaunch,
        }.Count(c => c is not null);
        if (changes == 0)
            throw Ec2Errors.Missing("an attribute to modify (MapPublicIpOnLaunch, PrivateDnsHostnameTypeOnLaunch, ...)");
        if (changes > 1)
            throw Ec2Errors.Combination("Fields for multiple attribute types specified: modify one attribute per request.");
        foreach (var b in new[] { r.MapPublicIpOnLaunch, r.EnableResourceNameDnsARecordOnLaunch })
        {
            if (b is { Value: null })
                throw Ec2Errors.Missing("Value (of the attribute)");
        }
        var subnet = await res.SubnetAsync(r.SubnetId, ct);
        await res.Store.MutateAsync(Ec2Kinds.Subnets, subnet.SubnetId, (s, _) => s with
        {
            MapPublicIpOnLaunch = r.MapPublicIpOnLaunch?.Value ?? s.MapPublicIpOnLaunch,
            HostnameType = r.PrivateDnsHostnameTypeOnLaunch ?? s.HostnameType,
            ResourceNameDnsARecord = r.EnableResourceNameDnsARecordOnLaunch?.Value ?? s.ResourceNameDnsARecord,
        }, ct);
        return new ReturnOutput();
    }

    internal SubnetShape Shape(SubnetRecord s, int available) => new()
    {
        AvailabilityZoneId = s.AvailabilityZoneId,
        OwnerId = res.AccountId,
        Tags = Ec2Tagging.Shapes(s.Tags),
        SubnetArn = res.Arn("subnet", s.SubnetId),
        PrivateDnsNameOptionsOnLaunch = new PrivateDnsOptionsShape(s.HostnameType, s.ResourceNameDnsARecord, false),
        SubnetId = s.SubnetId,
        VpcId = s.VpcId,
        CidrBlock = s.CidrBlock,
        AvailableIpAddressCount = available,
        AvailabilityZone = s.AvailabilityZone,
        DefaultForAz = s.DefaultForAz,
        MapPublicIpOnLaunch = s.MapPublicIpOnLaunch,
    };
}
