using Berth.Kernel.Storage;

namespace Berth.Ec2;

/// <summary>
/// The default VPC, present from the first start: the task network's range, one subnet per availability zone (the
/// first three /20s, or quarters of a range too small for them) and its default security group (all traffic in from
/// its own members, all traffic out). Ids are fixed, so seeding is idempotent and ids stored before EC2 existed stay valid.
/// </summary>
public sealed class DefaultNetwork(IStateStore store, Ec2Settings settings, AvailabilityZones zones, TimeProvider clock)
{
    public static readonly string VpcId = Ec2Ids.Default(Ec2Ids.Vpc, 'a');
    public static readonly string GroupId = Ec2Ids.Default(Ec2Ids.SecurityGroup, 'a');

    Task? _seeded;

    /// <summary>What the default network is: a pure function of the settings.</summary>
    public static (VpcRecord Vpc, IReadOnlyList<SubnetRecord> Subnets, SecurityGroupRecord Group) Plan(Ec2Settings settings, AvailabilityZones zones, DateTimeOffset now)
    {
        if (!Ipv4Cidr.TryParse(settings.DefaultVpcCidr, out var range, out _) || range.Prefix > 26)
            throw new InvalidOperationException($"The default VPC's range '{settings.DefaultVpcCidr}' is not an IPv4 CIDR block of /26 or larger.");
        var vpc = new VpcRecord { VpcId = VpcId, CidrBlock = range.ToString(), CidrAssociationId = Ec2Ids.Default("vpc-cidr-assoc", 'a'), IsDefault = true, Created = now };
        var prefix = Math.Max(20, range.Prefix + 2);
        var size = 1u << (32 - prefix);
        var subnets = zones.All.Select((z, i) => new SubnetRecord
        {
            SubnetId = Ec2Ids.Default(Ec2Ids.Subnet, (char)('a' + i)),
            VpcId = VpcId,
            CidrBlock = new Ipv4Cidr(range.Base + ((uint)i * size), prefix).ToString(),
            AvailabilityZone = z.Name,
            AvailabilityZoneId = z.Id,
            DefaultForAz = true,
            MapPublicIpOnLaunch = true,
            Created = now,
        }).ToList();
        return (vpc, subnets, DefaultGroup(GroupId, VpcId, now, Ec2Ids.Default(Ec2Ids.SecurityGroupRule, 'a'), Ec2Ids.Default(Ec2Ids.SecurityGroupRule, 'b')));
    }

    /// <summary>A VPC's default group: ingress from its own members, egress anywhere.</summary>
    public static SecurityGroupRecord DefaultGroup(string groupId, string vpcId, DateTimeOffset now, string? ingressRuleId = null, string? egressRuleId = null) => new()
    {
        GroupId = groupId,
        GroupName = "default",
        Description = "default VPC security group",
        VpcId = vpcId,
        Created = now,
        Rules =
        [
            new SecurityGroupRuleRecord { RuleId = ingressRuleId ?? Ec2Ids.New(Ec2Ids.SecurityGroupRule), Protocol = "-1", ReferencedGroupId = groupId },
            new SecurityGroupRuleRecord { RuleId = egressRuleId ?? Ec2Ids.New(Ec2Ids.SecurityGroupRule), IsEgress = true, Protocol = "-1", CidrIpv4 = "0.0.0.0/0" },
        ],
    };

    /// <summary>Seeds what is missing (once per process; again after a failure). Existing records are left as they are.</summary>
    public Task EnsureAsync(CancellationToken ct)
    {
        var seeded = _seeded;
        if (seeded is { IsCompletedSuccessfully: true })
            return seeded;
        return _seeded = SeedAsync(ct);
    }

    async Task SeedAsync(CancellationToken ct)
    {
        var (vpc, subnets, group) = Plan(settings, zones, clock.GetUtcNow());
        await InsertMissingAsync(Ec2Kinds.Vpcs, vpc, ct);
        foreach (var subnet in subnets)
            await InsertMissingAsync(Ec2Kinds.Subnets, subnet, ct);
        await InsertMissingAsync(Ec2Kinds.Keys, new UniqueKey(UniqueKey.GroupName(group.VpcId, group.GroupName), group.GroupId), ct);
        await InsertMissingAsync(Ec2Kinds.SecurityGroups, group, ct);
    }

    async Task InsertMissingAsync<T>(ResourceKind<T> kind, T value, CancellationToken ct)
    {
        if (await store.GetAsync(kind, kind.Id(value), ct) is not null)
            return;
        try
        {
            await store.CommitAsync(StoreWrite.Insert(kind, value), ct);
        }
        catch (ConcurrencyConflictException)
        {
            // Another start seeded it first.
        }
    }
}
