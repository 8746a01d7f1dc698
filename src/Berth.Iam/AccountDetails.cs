using Berth.Kernel.Storage;

namespace Berth.Iam;

/// <summary>One entry of GetAccountAuthorizationDetails: a user, a role or a managed policy, with what hangs off it.</summary>
public sealed record AccountEntry(IamUser? User, IamRole? Role, PolicyInfo? Policy, List<PolicyAttachment> Attached, List<PolicyVersionInfo> Versions);

/// <summary>
/// GetAccountAuthorizationDetails: every user and role with their inline and attached policies, and the managed
/// policies — the account's and the AWS managed ones attached in it — with all their versions, filtered by entity type
/// and paged across the lot (users, then roles, then policies). Berth has no groups, so the group list is always empty.
/// </summary>
public sealed class AccountDetails(IStateStore store, ManagedPolicyService policies)
{
    static readonly string[] Filters = ["User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"];

    public async Task<IamPage<AccountEntry>> ListAsync(List<string>? filter, string? marker, int? maxItems, CancellationToken ct)
    {
        IReadOnlyList<string> wanted = filter is null || filter.Count == 0 ? Filters : filter;
        for (var i = 0; i < wanted.Count; i++)
            IamValidation.Enum(wanted[i], $"filter.{i + 1}.member", Filters);
        var attachments = (await store.ListAsync(IamKinds.Attachments, new StoreQuery(), ct)).Select(a => a.Value)
            .ToLookup(a => a.EntityId, StringComparer.Ordinal);
        var entries = new List<(string Key, AccountEntry Entry)>();
        if (wanted.Contains("User"))
        {
            foreach (var (user, _) in await store.ListAsync(IamKinds.Users, new StoreQuery(), ct))
                entries.Add(($"1|{IamKinds.Key(user.UserName)}", new AccountEntry(user, null, null, [.. attachments[user.UserId]], [])));
        }
        if (wanted.Contains("Role"))
        {
            foreach (var (role, _) in await store.ListAsync(IamKinds.Roles, new StoreQuery(), ct))
                entries.Add(($"2|{IamKinds.Key(role.RoleName)}", new AccountEntry(null, role, null, [.. attachments[role.RoleId]], [])));
        }
        var local = wanted.Contains("LocalManagedPolicy");
        var aws = wanted.Contains("AWSManagedPolicy");
        if (local || aws)
        {
            var listed = new List<PolicyInfo>();
            for (string? next = null; ;)
            {
                var some = await policies.ListAsync(local && aws ? "All" : local ? "Local" : "AWS", null, null, null, next, 1000, ct);
                listed.AddRange(some.Items);
                if ((next = some.Marker) is null)
                    break;
            }
            foreach (var policy in listed.Where(p => !p.Arn.StartsWith("arn:aws:iam::aws:", StringComparison.Ordinal) || p.AttachmentCount > 0))
            {
                var versions = (await policies.ListVersionsAsync(policy.Arn, null, null, ct)).Items;
                var full = new List<PolicyVersionInfo>(versions.Count);
                foreach (var v in versions)
                    full.Add(await policies.GetVersionAsync(policy.Arn, v.VersionId, ct));
                entries.Add(($"3|{IamKinds.Key(policy.PolicyName)}|{policy.PolicyId}", new AccountEntry(null, null, policy, [], full)));
            }
        }
        var page = IamPaging.Page(entries, e => e.Key, marker, maxItems);
        return new IamPage<AccountEntry>([.. page.Items.Select(e => e.Entry)], page.IsTruncated, page.Marker);
    }
}
