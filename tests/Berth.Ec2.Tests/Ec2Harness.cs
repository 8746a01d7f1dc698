using Berth.Ec2.Api;
using Berth.Kernel;
using Berth.Kernel.Networking;
using Berth.Store;
using Berth.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Ec2.Tests;

/// <summary>The EC2 module's services over a real SQLite file and a fake clock, with the default VPC on 10.89.0.0/16.</summary>
sealed class Ec2Harness : IDisposable
{
    public static readonly CancellationToken Ct = CancellationToken.None;
    public const string Account = "123456789012";
    public const string DefaultGroup = "sg-0b3e7a1f00000000a";
    public const string SubnetA = "subnet-0b3e7a1f00000000a";
    public const string SubnetB = "subnet-0b3e7a1f00000000b";
    public const string DefaultVpc = "vpc-0b3e7a1f00000000a";

    readonly TempDatabase _temp = new();

    public Ec2Harness(string cidr = "10.89.0.0/16")
    {
        Store = new SqliteStateStore(_temp.Db);
        Settings = new Ec2Settings(cidr);
        Zones = new AvailabilityZones("us-east-1");
        Defaults = new DefaultNetwork(Store, Settings, Zones, Clock);
        Resources = new Ec2Resources(Store, new Arns(Account, "us-east-1"), Defaults, Zones, Clock, FilterChanges);
        Vpcs = new VpcService(Resources);
        Subnets = new SubnetService(Resources);
        Groups = new SecurityGroupService(Resources);
        Rules = new SecurityGroupRuleService(Resources);
        Interfaces = new InterfaceService(Resources);
        Tags = new TagService(Resources);
        Directory = new NetworkDirectory(Resources, [HostAddresses]);
    }

    /// <summary>The addresses the host holds itself (none unless a test adds some).</summary>
    public FixedHostAddresses HostAddresses { get; } = new();

    /// <summary>Counts the packet filter's wakes (what the EC2 writes owe it).</summary>
    public CountingNotifier FilterChanges { get; } = new();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));
    public SqliteStateStore Store { get; }
    public Ec2Settings Settings { get; }
    public AvailabilityZones Zones { get; }
    public DefaultNetwork Defaults { get; }
    public Ec2Resources Resources { get; }
    public VpcService Vpcs { get; }
    public SubnetService Subnets { get; }
    public SecurityGroupService Groups { get; }
    public SecurityGroupRuleService Rules { get; }
    public InterfaceService Interfaces { get; }
    public TagService Tags { get; }
    public NetworkDirectory Directory { get; }

    public long Rows(string table) => _temp.Scalar($"SELECT COUNT(*) FROM {table}");

    public async Task<string> GroupAsync(string name, string? vpcId = null) =>
        (await Groups.CreateAsync(new CreateSecurityGroupRequest { GroupName = name, Description = name + " group", VpcId = vpcId }, Ct)).GroupId;

    public async Task<string> VpcAsync(string cidr) => (await Vpcs.CreateAsync(new CreateVpcRequest { CidrBlock = cidr }, Ct)).Vpc.VpcId;

    public async Task<string> SubnetAsync(string vpcId, string cidr) =>
        (await Subnets.CreateAsync(new CreateSubnetRequest { VpcId = vpcId, CidrBlock = cidr }, Ct)).Subnet.SubnetId;

    public Task<AuthorizeOutput> IngressAsync(string groupId, params IpPermissionShape[] permissions) =>
        Rules.AuthorizeAsync(new SecurityGroupRulesRequest { GroupId = groupId, IpPermissions = [.. permissions] }, egress: false, Ct);

    public static IpPermissionShape Tcp(int from, int to, string? cidr = null, string? group = null) => new()
    {
        IpProtocol = "tcp",
        FromPort = from,
        ToPort = to,
        IpRanges = cidr is null ? null : [new IpRangeShape { CidrIp = cidr }],
        UserIdGroupPairs = group is null ? null : [new UserIdGroupPairShape { GroupId = group }],
    };

    public async Task<SecurityGroupShape> DescribeGroupAsync(string id) =>
        Assert.Single((await Groups.DescribeAsync(new DescribeSecurityGroupsRequest { GroupIds = [id] }, Ct)).SecurityGroups);

    public Task<NetworkInterfaceInfo> AttachAsync(string owner, string subnet = SubnetA, params string[] groups) =>
        Directory.AttachAsync(new InterfaceRequest(owner, subnet, groups.Length > 0 ? groups : [DefaultGroup], "task " + owner, "amazon-ecs", [new("aws:ecs:clusterName", "default")]), Ct);

    public void Dispose() => _temp.Dispose();
}

sealed class CountingNotifier : INetworkChangeNotifier
{
    int _count;

    public int Count => Volatile.Read(ref _count);

    public void Notify() => Interlocked.Increment(ref _count);

    public Task AppliedAsync(CancellationToken ct)
    {
        Notify();
        return Task.CompletedTask;
    }
}

sealed class FixedHostAddresses : IHostAddresses
{
    public HashSet<string> Addresses { get; } = new(StringComparer.Ordinal);

    public ValueTask<IReadOnlySet<string>> CurrentAsync(CancellationToken ct) => ValueTask.FromResult<IReadOnlySet<string>>(Addresses);
}
