using Berth.Iam.Policy;
using Berth.Kernel.Auth;
using Berth.Kernel.Tagging;

namespace Berth.Iam.Authorization;

/// <summary>
/// IAM's decision on every API call: the account's root user may do anything; an IAM user or a role session may do
/// what its identity policies (inline and attached) allow on each resource the call names, unless one denies it.
/// The resource's tags are read only when a statement of the caller's policies that covers the action tests
/// <c>aws:ResourceTag/…</c>.
/// </summary>
public sealed class IamAuthorizer(IdentityPolicyIndex index, TagService tags, TimeProvider clock) : IAuthorizer
{
    public async ValueTask<AccessDecision> AuthorizeAsync(Principal principal, AccessRequest request, CancellationToken ct)
    {
        if (principal.IsRoot)
            return AccessDecision.Allow;
        var policies = await index.GetAsync(ct).ConfigureAwait(false);
        var entry = principal.Kind == PrincipalKind.User ? policies.ForUser(principal.UserId) : policies.ForRole(principal.RoleArn ?? "");
        var context = Context(principal, request, entry);
        var readsTags = entry.ReadsResourceTagsFor(request.Action);
        foreach (var resource in request.Resources)
        {
            var forResource = context.ForResource(resource);
            if (readsTags && resource != "*")
                forResource = forResource.WithResourceTags(await ResourceTagsAsync(resource, ct).ConfigureAwait(false));
            var result = PolicyEvaluator.Evaluate(forResource, entry.Policies);
            if (!result.IsAllowed)
                return new AccessDecision(false, result.AccessDeniedMessage());
        }
        return AccessDecision.Allow;
    }

    RequestContext Context(Principal principal, AccessRequest request, IdentityEntry entry)
    {
        Dictionary<string, string>? requestTags = null;
        foreach (var (key, values) in request.Context)
        {
            if (key.StartsWith("aws:RequestTag/", StringComparison.OrdinalIgnoreCase) && values.Count > 0)
                (requestTags ??= new(StringComparer.OrdinalIgnoreCase))[key["aws:RequestTag/".Length..]] = values[0];
        }
        return new RequestContext
        {
            Principal = RequestPrincipal.From(principal, entry.Tags),
            Action = request.Action,
            Time = clock.GetUtcNow(),
            SourceIp = Caller.SourceIp,
            RequestTags = requestTags,
            Keys = request.Context,
        };
    }

    async Task<IReadOnlyDictionary<string, string>> ResourceTagsAsync(string arn, CancellationToken ct)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in await tags.GetAsync(arn, ct).ConfigureAwait(false))
        {
            if (t.Key is not null)
                map[t.Key] = t.Value ?? "";
        }
        return map;
    }
}
