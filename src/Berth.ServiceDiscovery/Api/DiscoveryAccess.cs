using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Tagging;

namespace Berth.ServiceDiscovery.Api;

/// <summary>
/// What each Cloud Map request asks to do, as IAM sees it: namespace operations on the namespace's ARN, service and
/// instance operations on the service's ARN (ids are turned into ARNs; no lookup is needed), tag operations on the
/// ARN they name, DiscoverInstances with the <c>servicediscovery:NamespaceName</c>/<c>ServiceName</c> condition keys, and
/// request tags as <c>aws:RequestTag</c>/<c>aws:TagKeys</c>.
/// </summary>
sealed class DiscoveryAccess(Arns arns)
{
    public IReadOnlyList<AccessRequest> Namespace(string operation, string? idOrArn, List<Tag>? tags = null) =>
        Ask(operation, idOrArn is null ? null : DiscoveryIds.IdOf(arns, idOrArn, "namespace") is { } id ? DiscoveryIds.NamespaceArn(arns, id) : idOrArn, tags);

    public IReadOnlyList<AccessRequest> Service(string operation, string? idOrArn) =>
        Ask(operation, idOrArn is null ? null : DiscoveryIds.IdOf(arns, idOrArn, "service") is { } id ? DiscoveryIds.ServiceArn(arns, id) : idOrArn);

    public IReadOnlyList<AccessRequest> Resource(string operation, string? arn, List<Tag>? tags = null) => Ask(operation, arn, tags);

    public IReadOnlyList<AccessRequest> Created(string operation, List<Tag>? tags) => Ask(operation, null, tags);

    public static IReadOnlyList<AccessRequest> Discover(string operation, string? namespaceName, string? serviceName)
    {
        var context = new Dictionary<string, IReadOnlyList<string>>();
        if (namespaceName is not null)
            context["servicediscovery:NamespaceName"] = [namespaceName];
        if (serviceName is not null)
            context["servicediscovery:ServiceName"] = [serviceName];
        return [new($"servicediscovery:{operation}", AccessRequest.AllResources) { Context = context }];
    }

    static IReadOnlyList<AccessRequest> Ask(string operation, string? arn, List<Tag>? tags = null) =>
        [new($"servicediscovery:{operation}", arn is null ? AccessRequest.AllResources : [arn])
        {
            Context = RequestTagKeys.Add(tags?.Select(t => (t.Key, t.Value))),
        }];
}
