using Berth.Kernel.Auth;
using Berth.Kernel.Tagging;

namespace Berth.Elb.Api;

/// <summary>
/// What each ELBv2 request asks to do, as IAM sees it: the load balancer, listener, rule or target group it names by
/// ARN; creations (whose ARN is not known yet) and Describe calls (no resource-level permissions) on all resources;
/// request tags as <c>aws:RequestTag/…</c>.
/// </summary>
internal static class ElbAccess
{
    const string Prefix = "elasticloadbalancing:";

    public static IReadOnlyList<AccessRequest> On(string operation, string? arn) => [new(Prefix + operation, [arn ?? "*"])];

    public static IReadOnlyList<AccessRequest> On(string operation, IEnumerable<string?>? arns, List<Tag>? tags = null)
    {
        IReadOnlyList<string> resources = [.. (arns ?? []).Select(a => a ?? "*")];
        return [new(Prefix + operation, resources.Count > 0 ? resources : AccessRequest.AllResources) { Context = TagKeys(tags) }];
    }

    public static IReadOnlyList<AccessRequest> Create(string operation, List<Tag>? tags) =>
        [new(Prefix + operation, AccessRequest.AllResources) { Context = TagKeys(tags) }];

    static Dictionary<string, IReadOnlyList<string>> TagKeys(List<Tag>? tags)
    {
        var context = new Dictionary<string, IReadOnlyList<string>>();
        context = RequestTagKeys.Add(tags?.Select(t => (t.Key, t.Value)), context);
        return context;
    }
}
