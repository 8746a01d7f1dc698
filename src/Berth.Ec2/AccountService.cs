using Berth.Ec2.Api;

namespace Berth.Ec2;

/// <summary>The region's availability zones and the account's attributes (its default VPC, the VPC platform, its limits).</summary>
public sealed class AccountService(Ec2Resources res)
{
    public Task<DescribeAvailabilityZonesOutput> ZonesAsync(DescribeAvailabilityZonesRequest r, CancellationToken ct)
    {
        foreach (var name in r.ZoneNames ?? [])
        {
            if (!res.Zones.All.Any(z => z.Name == name))
                throw Ec2Errors.InvalidValue($"Invalid availability zone: [{name}]");
        }
        foreach (var id in r.ZoneIds ?? [])
        {
            if (!res.Zones.All.Any(z => z.Id == id))
                throw Ec2Errors.InvalidValue($"Invalid availability zone id: [{id}]");
        }
        var zones = res.Zones.All.Where(z => (r.ZoneNames is not { Count: > 0 } || r.ZoneNames.Contains(z.Name)) && (r.ZoneIds is not { Count: > 0 } || r.ZoneIds.Contains(z.Id)));
        var matching = Ec2Filters.Apply(zones, r.Filters, z => name => name switch
        {
            "zone-name" => Ec2Filters.One(z.Name),
            "zone-id" => Ec2Filters.One(z.Id),
            "region-name" => Ec2Filters.One(res.Region),
            "group-name" or "network-border-group" => Ec2Filters.One(res.Region),
            "state" => Ec2Filters.One("available"),
            "zone-type" => Ec2Filters.One("availability-zone"),
            "opt-in-status" => Ec2Filters.One("opt-in-not-required"),
            _ => null,
        });
        return Task.FromResult(new DescribeAvailabilityZonesOutput([.. matching.Select(z => new AvailabilityZoneShape
        {
            RegionName = res.Region, ZoneName = z.Name, ZoneId = z.Id, GroupName = res.Region, NetworkBorderGroup = res.Region,
        })]));
    }

    public Task<DescribeAccountAttributesOutput> AttributesAsync(DescribeAccountAttributesRequest r, CancellationToken ct)
    {
        var all = new Dictionary<string, string[]>
        {
            ["supported-platforms"] = ["VPC"],
            ["default-vpc"] = [DefaultNetwork.VpcId],
            ["max-instances"] = ["0"],
            ["vpc-max-security-groups-per-interface"] = ["5"],
            ["max-elastic-ips"] = ["0"],
            ["vpc-max-elastic-ips"] = ["0"],
        };
        foreach (var name in r.AttributeNames ?? [])
        {
            if (!all.ContainsKey(name))
                throw Ec2Errors.InvalidValue("attributeName", name, $"Valid names: {string.Join(", ", all.Keys)}.");
        }
        var wanted = r.AttributeNames is { Count: > 0 } ? all.Where(a => r.AttributeNames.Contains(a.Key)) : all;
        return Task.FromResult(new DescribeAccountAttributesOutput([.. wanted.Select(a =>
            new AccountAttributeShape(a.Key, [.. a.Value.Select(v => new AttributeValueShape(v))]))]));
    }
}
