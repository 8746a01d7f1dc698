using Berth.Ecs.Model;
using Berth.Ecs.Validation;
using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Storage;

namespace Berth.Ecs.Services;

/// <summary>
/// PutAccountSetting, PutAccountSettingDefault, ListAccountSettings, DeleteAccountSetting. A principal's own setting
/// wins over the root user's (the account default), which wins over the value every account starts with.
/// </summary>
public sealed class AccountSettingService(IStateStore store, Arns arns)
{
    string RootArn => $"arn:aws:iam::{arns.AccountId}:root";

    /// <summary>The principal ECS keeps settings for: the root user, an IAM user, or an assumed role's role.</summary>
    public string PrincipalOf(Principal? caller) => caller switch
    {
        null or { Kind: PrincipalKind.Root } => RootArn,
        { Kind: PrincipalKind.AssumedRole, RoleArn: { } role } => role,
        _ => caller.Arn,
    };

    public async Task<AccountSetting> PutAsync(string? name, string? value, string? principalArn, Principal? caller, CancellationToken ct)
    {
        var principal = Principal(principalArn, caller);
        AccountSettingRules.CheckValue(name, value, principal == RootArn);
        var setting = new AccountSetting { Name = name, Value = value, PrincipalArn = principal, Type = "user" };
        await UpsertAsync(setting, ct);
        return setting;
    }

    public async Task<AccountSetting> PutDefaultAsync(string? name, string? value, CancellationToken ct)
    {
        AccountSettingRules.CheckValue(name, value, forAccount: true);
        var setting = new AccountSetting { Name = name, Value = value, PrincipalArn = RootArn, Type = "user" };
        await UpsertAsync(setting, ct);
        return setting;
    }

    public async Task<AccountSetting> DeleteAsync(string? name, string? principalArn, Principal? caller, CancellationToken ct)
    {
        AccountSettingRules.Require(name);
        var principal = Principal(principalArn, caller);
        var stored = await store.GetAsync(EcsKinds.AccountSettings, $"{principal}|{name}", ct)
            ?? throw AwsException.InvalidParameter($"No {name} account setting is set for {principal}: there is nothing to delete.");
        try
        {
            await store.CommitAsync(StoreWrite.Delete(EcsKinds.AccountSettings, $"{principal}|{name}", stored.Version), ct);
        }
        catch (ConcurrencyConflictException)
        {
            throw AwsException.Client($"The {name} account setting changed while it was being deleted; try again.");
        }
        return stored.Value;
    }

    public async Task<(List<AccountSetting> Settings, string? NextToken)> ListAsync(
        string? name, string? value, string? principalArn, bool effective, string? nextToken, int? maxResults, Principal? caller, CancellationToken ct)
    {
        if (name is not null)
            AccountSettingRules.Require(name);
        if (value is not null && name is null)
            throw AwsException.InvalidParameter("value filters settings of one name: specify name too.");
        if (maxResults is < 1 or > 10)
            throw AwsException.InvalidParameter("maxResults must be between 1 and 10.");
        var principal = Principal(principalArn, caller);
        var names = name is null ? AccountSettingRules.Names.Order(StringComparer.Ordinal).ToList() : [name];
        var all = new List<AccountSetting>();
        foreach (var n in names)
        {
            var s = effective ? await EffectiveAsync(n, principal, ct) : (await store.GetAsync(EcsKinds.AccountSettings, $"{principal}|{n}", ct))?.Value;
            if (s is not null && (value is null || s.Value == value))
                all.Add(s);
        }
        var limit = Paging.Limit(maxResults, 10, 10);
        var listing = $"account-settings|{name}|{value}|{principal}|{effective}";
        var offset = Paging.Decode(nextToken, listing);
        var page = all.Skip(offset).Take(limit).ToList();
        return (page, Paging.Encode(offset + page.Count, page.Count, limit, listing));
    }

    /// <summary>The value in force for <paramref name="principalArn"/>: its own, else the account's, else ECS's default.</summary>
    public async Task<AccountSetting> EffectiveAsync(string name, string principalArn, CancellationToken ct)
    {
        var own = await store.GetAsync(EcsKinds.AccountSettings, $"{principalArn}|{name}", ct);
        if (own is not null)
            return own.Value;
        var account = principalArn == RootArn ? null : await store.GetAsync(EcsKinds.AccountSettings, $"{RootArn}|{name}", ct);
        if (account is not null)
            return account.Value with { PrincipalArn = principalArn };
        return new AccountSetting { Name = name, Value = AccountSettingRules.Rules[name].Default, PrincipalArn = principalArn, Type = "aws_managed" };
    }

    /// <summary>The principal a request names (only the root user or that principal may), or the caller's.</summary>
    string Principal(string? principalArn, Principal? caller)
    {
        var callerArn = PrincipalOf(caller);
        if (principalArn is null)
            return callerArn;
        var parsed = Arns.Parse(principalArn);
        if (parsed is null || parsed.Service != "iam" || parsed.Account != arns.AccountId
            || !(parsed.Resource == "root" || parsed.Resource.StartsWith("user/", StringComparison.Ordinal) || parsed.Resource.StartsWith("role/", StringComparison.Ordinal)))
            throw AwsException.InvalidParameter($"principalArn '{principalArn}' is not valid: name the root user (arn:aws:iam::{arns.AccountId}:root), an IAM user or an IAM role of this account.");
        if (callerArn != RootArn && callerArn != principalArn)
            throw AwsException.Client($"Only the root user or {principalArn} itself can use principalArn {principalArn}.");
        return principalArn;
    }

    async Task UpsertAsync(AccountSetting setting, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var existing = await store.GetAsync(EcsKinds.AccountSettings, $"{setting.PrincipalArn}|{setting.Name}", ct);
            try
            {
                await store.CommitAsync(existing is null
                    ? StoreWrite.Insert(EcsKinds.AccountSettings, setting)
                    : StoreWrite.Update(EcsKinds.AccountSettings, setting, existing.Version), ct);
                return;
            }
            catch (ConcurrencyConflictException) when (attempt < 5)
            {
                // Set at the same time by another request: the last writer wins, as in ECS.
            }
        }
    }
}
