using Berth.Kernel.Auth;

namespace Berth.Ecr.Api;

/// <summary>
/// What each ECR request asks to do, as IAM sees it: repository actions on the repository's ARN, DescribeRepositories
/// without names on every repository (<c>repository/*</c>), GetAuthorizationToken on all resources; tags as
/// <c>aws:RequestTag/…</c>. The registry (<c>/v2/</c>) asks the same actions a pull or a push needs.
/// </summary>
public sealed class EcrAccess(RepositoryService repos)
{
    static IReadOnlyDictionary<string, IReadOnlyList<string>> Tags(IReadOnlyCollection<EcrTag>? tags) =>
        RequestTagKeys.Add(tags?.Select(t => (t.Key, t.Value)));

    public IReadOnlyList<AccessRequest> Repository(string operation, string? name, IReadOnlyCollection<EcrTag>? tags = null) =>
        [new($"ecr:{operation}", [repos.Arn(name ?? "")]) { Context = Tags(tags) }];

    public IReadOnlyList<AccessRequest> Repositories(string operation, IReadOnlyCollection<string>? names) =>
        [new($"ecr:{operation}", names is { Count: > 0 } ? [.. names.Select(repos.Arn)] : [repos.Arn("*")])];

    /// <summary>Tagging acts on the resource the ARN names.</summary>
    public IReadOnlyList<AccessRequest> Resource(string operation, string? arn, IReadOnlyCollection<EcrTag>? tags = null) =>
        [new($"ecr:{operation}", [arn ?? "*"]) { Context = Tags(tags) }];
}
