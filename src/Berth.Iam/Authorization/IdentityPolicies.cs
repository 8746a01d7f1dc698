using System.Collections.Concurrent;
using Berth.Iam.Managed;
using Berth.Iam.Policy;

namespace Berth.Iam.Authorization;

/// <summary>What IAM weighs for one identity: its policies (inline and attached, compiled) and its tags.</summary>
public sealed record IdentityEntry(IReadOnlyList<NamedPolicy> Policies, IReadOnlyDictionary<string, string> Tags)
{
    public static readonly IdentityEntry None = new([], new Dictionary<string, string>());

    // Per action, as the authorizer asks: actions are the operations' names, a bounded set. The entry lives as long as
    // the snapshot it belongs to, so a policy change starts with an empty cache.
    readonly ConcurrentDictionary<string, bool> _readsResourceTags = new(StringComparer.Ordinal);

    /// <summary>Whether any statement may read <c>aws:ResourceTag/…</c>, for whatever action.</summary>
    public bool ReadsResourceTags { get; init; }

    /// <summary>
    /// Whether weighing <paramref name="action"/> may read <c>aws:ResourceTag/…</c>, so the resource's tags are worth
    /// fetching (a store read per resource): a statement covering the action tests them. A guard on
    /// <c>ecs:StopTask</c> by tag costs DescribeTasks nothing.
    /// </summary>
    public bool ReadsResourceTagsFor(string action) =>
        ReadsResourceTags && _readsResourceTags.GetOrAdd(action, static (a, policies) => policies.Any(p => p.Document.ReadsResourceTags(a)), Policies);
}

/// <summary>
/// Every user's and role's identity policies, by user id and by role ARN: a snapshot of IAM's state, compiled once.
/// Pure: <see cref="Build"/> takes what the store holds and the document cache.
/// </summary>
public sealed class IdentityPolicies
{
    public static readonly IdentityPolicies Empty = new(new Dictionary<string, IdentityEntry>(), new Dictionary<string, IdentityEntry>(StringComparer.OrdinalIgnoreCase));

    readonly IReadOnlyDictionary<string, IdentityEntry> _users;
    readonly IReadOnlyDictionary<string, IdentityEntry> _roles;

    IdentityPolicies(IReadOnlyDictionary<string, IdentityEntry> users, IReadOnlyDictionary<string, IdentityEntry> roles)
    {
        _users = users;
        _roles = roles;
    }

    /// <summary>A user's policies by the user's id (a renamed user keeps its id; a re-created one does not).</summary>
    public IdentityEntry ForUser(string userId) => _users.GetValueOrDefault(userId) ?? IdentityEntry.None;

    /// <summary>A role's policies by its ARN (sessions name their role by ARN).</summary>
    public IdentityEntry ForRole(string roleArn) => _roles.GetValueOrDefault(roleArn) ?? IdentityEntry.None;

    public static IdentityPolicies Build(IEnumerable<IamUser> users, IEnumerable<IamRole> roles, IEnumerable<ManagedPolicy> customerPolicies,
        IEnumerable<PolicyAttachment> attachments, PolicyDocumentCache cache)
    {
        var local = customerPolicies.ToDictionary(p => p.Arn, StringComparer.Ordinal);
        var attached = attachments.ToLookup(a => a.EntityId, StringComparer.Ordinal);
        var byUser = users.ToDictionary(u => u.UserId, u => Entry(u.Arn, u.InlinePolicies, attached[u.UserId], u.Tags, local, cache), StringComparer.Ordinal);
        var byRole = new Dictionary<string, IdentityEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in roles)
            byRole[r.Arn] = Entry(r.Arn, r.InlinePolicies, attached[r.RoleId], r.Tags, local, cache);
        return new IdentityPolicies(byUser, byRole);
    }

    static IdentityEntry Entry(string owner, IEnumerable<InlinePolicy> inline, IEnumerable<PolicyAttachment> attached, IEnumerable<IamTag> tags,
        Dictionary<string, ManagedPolicy> local, PolicyDocumentCache cache)
    {
        var policies = new List<NamedPolicy>();
        var readsResourceTags = false;
        foreach (var p in inline)
            Add(p.PolicyName, $"{owner}#{p.PolicyName}", p.PolicyDocument);
        foreach (var a in attached)
        {
            if (AwsManagedPolicies.Find(a.PolicyArn) is { } aws)
                Add(aws.PolicyName, $"{aws.Arn}#{aws.DefaultVersionId}", aws.Document);
            else if (local.TryGetValue(a.PolicyArn, out var customer))
                Add(customer.PolicyName, $"{customer.Arn}#{customer.DefaultVersionId}", customer.DefaultVersion.Document);
        }
        var tagMap = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in tags)
            tagMap[t.Key] = t.Value;
        return new IdentityEntry(policies, tagMap) { ReadsResourceTags = readsResourceTags };

        void Add(string name, string id, string text)
        {
            // A stored document IAM accepted parses; one that no longer does (a stricter parser) grants nothing.
            try
            {
                var document = cache.Get(id, text, PolicyKind.Identity);
                policies.Add(new NamedPolicy(name, document));
                readsResourceTags |= document.Statements.Any(s => s.ReadsResourceTags);
            }
            catch (Kernel.AwsException)
            {
            }
        }
    }
}
