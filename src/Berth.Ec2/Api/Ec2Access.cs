using Berth.Kernel.Auth;

namespace Berth.Ec2.Api;

/// <summary>
/// What each EC2 request asks to do, as IAM sees it: the VPC, subnet, security group or interface it names by ARN
/// (<c>arn:aws:ec2:REGION:ACCOUNT:security-group/sg-…</c>); a creation names the type with <c>*</c> and the VPC it goes
/// in; Describe calls are on <c>*</c> (EC2 has no resource-level permissions for them); request tags as <c>aws:RequestTag/…</c>.
/// </summary>
sealed class Ec2Access(Ec2Resources res)
{
    public IReadOnlyList<AccessRequest> On(string operation, string type, string? id, IEnumerable<TagShape>? tags = null) =>
        [new("ec2:" + operation, [res.Arn(type, id ?? "*")]) { Context = TagKeys(tags) }];

    public IReadOnlyList<AccessRequest> Create(string operation, string type, string? vpcId, IEnumerable<TagShape>? tags) =>
        [new("ec2:" + operation, [res.Arn(type, "*"), res.Arn("vpc", vpcId ?? "*")]) { Context = TagKeys(tags) }];

    /// <summary>CreateTags/DeleteTags: each resource by the type its id's prefix names.</summary>
    public IReadOnlyList<AccessRequest> Tagged(string operation, IEnumerable<string>? ids, IEnumerable<TagShape>? tags)
    {
        IReadOnlyList<string> arns = [.. (ids ?? []).Select(id => Ec2Ids.PrefixOf(id) is { } p && TagService.ResourceTypes.TryGetValue(p, out var type) ? res.Arn(type, id) : "*").Distinct()];
        return [new("ec2:" + operation, arns.Count > 0 ? arns : AccessRequest.AllResources) { Context = TagKeys(tags) }];
    }

    static Dictionary<string, IReadOnlyList<string>> TagKeys(IEnumerable<TagShape>? tags) => RequestTagKeys.Add(tags?.Select(t => (t.Key, t.Value)));

    public static IEnumerable<TagShape> Of(List<TagSpecification>? specifications) => (specifications ?? []).SelectMany(s => s.Tags ?? []);
}
