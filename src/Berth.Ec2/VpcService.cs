using Berth.Ec2.Api;
using Berth.Kernel;
using Berth.Kernel.Storage;

namespace Berth.Ec2;

/// <summary>VPCs: described with EC2's filters, created (with their default group) and deleted once empty.</summary>
public sealed class VpcService(Ec2Resources res)
{
    public async Task<DescribeVpcsOutput> DescribeAsync(DescribeVpcsRequest r, CancellationToken ct)
    {
        foreach (var id in r.VpcIds ?? [])
        {
            if (!Ec2Ids.IsValid(id, Ec2Ids.Vpc))
                throw Ec2Errors.VpcMalformed(id);
        }
        var all = await res.AllAsync(Ec2Kinds.Vpcs, ct);
        var named = Ec2Resources.Named(all, r.VpcIds, v => v.VpcId, Ec2Errors.VpcNotFound);
        var matching = Ec2Filters.Apply(named, r.Filters, v => name => name switch
        {
            "vpc-id" => Ec2Filters.One(v.VpcId),
            "cidr" or "cidr-block-association.cidr-block" or "cidrBlock" => Ec2Filters.One(v.CidrBlock),
            "cidr-block-association.association-id" => Ec2Filters.One(v.CidrAssociationId),
            "cidr-block-association.state" or "state" => Ec2Filters.One("available"),
            "is-default" or "isDefault" => Ec2Filters.Bool(v.IsDefault),
            "owner-id" => Ec2Filters.One(res.AccountId),
            "dhcp-options-id" => Ec2Filters.One(v.DhcpOptionsId),
            _ => null,
        }, v => v.Tags);
        var (page, next) = Ec2Resources.Page(matching, r.MaxResults, r.NextToken, "DescribeVpcs", r.VpcIds is { Count: > 0 });
        return new DescribeVpcsOutput { Vpcs = [.. page.Select(Shape)], NextToken = next };
    }

    public async Task<CreateVpcOutput> CreateAsync(CreateVpcRequest r, CancellationToken ct)
    {
        if (r.AmazonProvidedIpv6CidrBlock == true || r.Ipv6Pool is not null || r.Ipv6CidrBlock is not null || r.Ipv6IpamPoolId is not null
            || r.Ipv6NetmaskLength is not null || r.Ipv6CidrBlockNetworkBorderGroup is not null)
        {
            throw Ec2Errors.Unsupported("AmazonProvidedIpv6CidrBlock/Ipv6*", "Berth's VPCs are IPv4 only.");
        }
        if (r.Ipv4IpamPoolId is not null || r.Ipv4NetmaskLength is not null)
            throw Ec2Errors.Unsupported("Ipv4IpamPoolId/Ipv4NetmaskLength", "there is no IPAM in Berth; give CidrBlock.");
        if (r.VpcEncryptionControl is not null)
            throw Ec2Errors.Unsupported("VpcEncryptionControl", "Berth's VPCs live on one host.");
        if (r.InstanceTenancy is not null and not "default")
            throw Ec2Errors.Unsupported($"InstanceTenancy {r.InstanceTenancy}", "only 'default' tenancy exists in Berth.");
        if (string.IsNullOrEmpty(r.CidrBlock))
            throw Ec2Errors.Missing("CidrBlock");
        if (!Ipv4Cidr.TryParse(r.CidrBlock, out var cidr, out var aligned) || !aligned)
            throw Ec2Errors.InvalidValue("cidrBlock", r.CidrBlock, "This is not a valid CIDR block.");
        if (cidr.Prefix is < 16 or > 28)
            throw new AwsException("InvalidVpc.Range", $"The CIDR '{r.CidrBlock}' is invalid: a VPC's range is from /16 to /28.");
        var tags = Ec2Tagging.FromSpecifications(r.TagSpecifications, "vpc");
        var others = await res.AllAsync(Ec2Kinds.Vpcs, ct);
        foreach (var other in others)
        {
            if (Ipv4Cidr.TryParse(other.CidrBlock, out var o, out _) && o.Overlaps(cidr))
            {
                throw new AwsException("InvalidVpc.Range",
                    $"The CIDR '{cidr}' overlaps {other.VpcId} ({other.CidrBlock}): Berth routes every VPC on one host, so VPC ranges may not overlap.");
            }
        }
        var now = res.Clock.GetUtcNow();
        var vpc = new VpcRecord { VpcId = Ec2Ids.New(Ec2Ids.Vpc), CidrBlock = cidr.ToString(), CidrAssociationId = Ec2Ids.New("vpc-cidr-assoc"), Tags = tags, Created = now };
        var group = DefaultNetwork.DefaultGroup(Ec2Ids.New(Ec2Ids.SecurityGroup), vpc.VpcId, now) with { Description = "default VPC security group" };
        await res.Store.CommitAsync(
        [
            StoreWrite.Insert(Ec2Kinds.Vpcs, vpc),
            StoreWrite.Insert(Ec2Kinds.SecurityGroups, group),
            StoreWrite.Insert(Ec2Kinds.Keys, new UniqueKey(UniqueKey.GroupName(vpc.VpcId, group.GroupName), group.GroupId)),
        ], ct);
        res.FilterInputChanged();
        return new CreateVpcOutput(Shape(vpc));
    }

    public async Task<ReturnOutput> DeleteAsync(VpcIdRequest r, CancellationToken ct)
    {
        var vpc = await res.VpcAsync(r.VpcId, ct);
        if (vpc.IsDefault)
            throw new AwsException("OperationNotPermitted", $"The default VPC {vpc.VpcId} is Berth's task network and cannot be deleted.");
        var subnets = await res.AllAsync(Ec2Kinds.Subnets, ct, scope: vpc.VpcId);
        var groups = await res.Store.ListAsync(Ec2Kinds.SecurityGroups, new StoreQuery { Scope = vpc.VpcId }, ct);
        if (subnets.Count > 0 || groups.Any(g => !g.Value.IsDefault))
        {
            throw Ec2Errors.Dependency($"The vpc '{vpc.VpcId}' has dependencies and cannot be deleted: "
                + string.Join(", ", subnets.Select(s => s.SubnetId).Concat(groups.Where(g => !g.Value.IsDefault).Select(g => g.Value.GroupId))) + ".");
        }
        var stored = await res.Store.GetAsync(Ec2Kinds.Vpcs, vpc.VpcId, ct) ?? throw Ec2Errors.VpcNotFound(vpc.VpcId);
        List<StoreWrite> writes = [StoreWrite.Delete(Ec2Kinds.Vpcs, vpc.VpcId, stored.Version)];
        foreach (var g in groups)
        {
            writes.Add(StoreWrite.Delete(Ec2Kinds.SecurityGroups, g.Value.GroupId, g.Version));
            if (await res.Store.GetAsync(Ec2Kinds.Keys, UniqueKey.GroupName(vpc.VpcId, g.Value.GroupName), ct) is { } key)
                writes.Add(StoreWrite.Delete(Ec2Kinds.Keys, key.Value.Key, key.Version));
        }
        await res.Store.CommitAsync(writes, ct);
        res.FilterInputChanged();
        return new ReturnOutput();
    }

    /// <summary>
    /// The DNS attributes say what Berth does: every VPC has the task resolver at 169.254.169.253 (enableDnsSupport),
    /// none gives tasks public DNS hostnames, and there are no address-usage metrics. Describe reports exactly that;
    /// Modify accepts those values and refuses the others by name rather than storing a setting nothing honours.
    /// </summary>
    public async Task<DescribeVpcAttributeOutput> DescribeAttributeAsync(DescribeVpcAttributeRequest r, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(r.Attribute))
            throw Ec2Errors.Missing("Attribute");
        var vpc = await res.VpcAsync(r.VpcId, ct);
        return r.Attribute switch
        {
            "enableDnsSupport" => new DescribeVpcAttributeOutput { VpcId = vpc.VpcId, EnableDnsSupport = new BooleanValue { Value = DnsSupport } },
            "enableDnsHostnames" => new DescribeVpcAttributeOutput { VpcId = vpc.VpcId, EnableDnsHostnames = new BooleanValue { Value = DnsHostnames } },
            "enableNetworkAddressUsageMetrics" => new DescribeVpcAttributeOutput { VpcId = vpc.VpcId, EnableNetworkAddressUsageMetrics = new BooleanValue { Value = false } },
            _ => throw Ec2Errors.InvalidValue("Attribute", r.Attribute, "It must be enableDnsSupport, enableDnsHostnames or enableNetworkAddressUsageMetrics."),
        };
    }

    public async Task<ReturnOutput> ModifyAttributeAsync(ModifyVpcAttributeRequest r, CancellationToken ct)
    {
        var given = new[] { r.EnableDnsSupport, r.EnableDnsHostnames, r.EnableNetworkAddressUsageMetrics }.Count(b => b is not null);
        if (given == 0)
            throw Ec2Errors.Missing("an attribute to modify (EnableDnsSupport, EnableDnsHostnames or EnableNetworkAddressUsageMetrics)");
        if (given > 1)
            throw Ec2Errors.Combination("Fields for multiple attribute types specified: modify one attribute per request.");
        if ((r.EnableDnsSupport ?? r.EnableDnsHostnames ?? r.EnableNetworkAddressUsageMetrics) is { Value: null })
            throw Ec2Errors.Missing("Value (of the attribute)");
        await res.VpcAsync(r.VpcId, ct);
        if (r.EnableDnsSupport?.Value is false)
            throw Ec2Errors.Unsupported("EnableDnsSupport false", "every Berth VPC has the task DNS resolver at 169.254.169.253.");
        if (r.EnableDnsHostnames?.Value is true)
            throw Ec2Errors.Unsupported("EnableDnsHostnames true", "Berth gives tasks no public DNS hostnames; they are found through Cloud Map.");
        if (r.EnableNetworkAddressUsageMetrics?.Value is true)
            throw Ec2Errors.Unsupported("EnableNetworkAddressUsageMetrics true", "Berth publishes no network address usage metrics.");
        return new ReturnOutput();
    }

    const bool DnsSupport = true, DnsHostnames = false;

    VpcShape Shape(VpcRecord v) => new()
    {
        OwnerId = res.AccountId,
        CidrBlockAssociationSet = [new CidrAssociationShape(v.CidrAssociationId, v.CidrBlock, new CidrStateShape("associated"))],
        IsDefault = v.IsDefault,
        Tags = Ec2Tagging.Shapes(v.Tags),
        VpcId = v.VpcId,
        CidrBlock = v.CidrBlock,
        DhcpOptionsId = v.DhcpOptionsId,
    };
}
