using System.Text.Json.Serialization;
using Berth.Kernel.Json;
using Berth.Kernel.Storage;

namespace Berth.Iam;

/// <summary>
/// The resources IAM stores. Users, roles and customer managed policies are keyed by their name in lower case (unique
/// without regard to case); access keys by id, scoped by their user's id; attachments by entity and policy, scoped by
/// the policy's ARN (who uses a policy) and named by the entity's id (what an entity has attached).
/// </summary>
public static class IamKinds
{
    public static readonly ResourceKind<IamUser> Users = new(
        "iam_users", u => Key(u.UserName), _ => null, u => u.UserName, _ => null, u => u.CreateDate.ToUnixTimeMilliseconds(), IamJson.Default.IamUser);

    public static readonly ResourceKind<IamRole> Roles = new(
        "iam_roles", r => Key(r.RoleName), _ => null, r => r.RoleName, _ => null, r => r.CreateDate.ToUnixTimeMilliseconds(), IamJson.Default.IamRole);

    public static readonly ResourceKind<ManagedPolicy> Policies = new(
        "iam_policies", p => Key(p.PolicyName), _ => null, p => p.PolicyName, _ => null, p => p.CreateDate.ToUnixTimeMilliseconds(), IamJson.Default.ManagedPolicy);

    public static readonly ResourceKind<AccessKeyRecord> AccessKeys = new(
        "iam_access_keys", k => k.AccessKeyId, k => k.UserId, _ => null, k => k.Status, k => k.CreateDate.ToUnixTimeMilliseconds(), IamJson.Default.AccessKeyRecord);

    public static readonly ResourceKind<PolicyAttachment> Attachments = new(
        "iam_policy_attachments", a => PolicyAttachment.Key(a.EntityId, a.PolicyArn), a => a.PolicyArn, a => a.EntityId, _ => null,
        a => a.AttachedAt.ToUnixTimeMilliseconds(), IamJson.Default.PolicyAttachment);

    /// <summary>The store key of a name: IAM names are unique without regard to case.</summary>
    public static string Key(string name) => name.ToLowerInvariant();
}

/// <summary>IAM's stored documents: camelCase, absent members left out, epoch-second times.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(IamUser))]
[JsonSerializable(typeof(IamRole))]
[JsonSerializable(typeof(ManagedPolicy))]
[JsonSerializable(typeof(AccessKeyRecord))]
[JsonSerializable(typeof(PolicyAttachment))]
internal sealed partial class IamJson : JsonSerializerContext;
