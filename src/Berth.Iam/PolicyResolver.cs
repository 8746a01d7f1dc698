using Berth.Iam.Managed;
using Berth.Kernel.Storage;

namespace Berth.Iam;

/// <summary>A managed policy an ARN names: one of AWS's (from Berth's catalog) or one of the account's (from the store).</summary>
public sealed record PolicyRef(AwsManagedPolicy? Aws, Stored<ManagedPolicy>? Local)
{
    public string Arn => Aws?.Arn ?? Local!.Value.Arn;
    public string PolicyName => Aws?.PolicyName ?? Local!.Value.PolicyName;
    public string Path => Aws?.Path ?? Local!.Value.Path;
}

/// <summary>Finds the managed policy an ARN names, refusing what is not an IAM policy ARN as IAM does.</summary>
internal static class PolicyResolver
{
    public static async Task<PolicyRef> FindAsync(IStateStore store, IamArns arns, string? policyArn, CancellationToken ct, string? notFound = null)
    {
        var (account, name) = IamArns.ParsePolicy(policyArn);
        var arn = policyArn!;
        if (account == "aws")
            return AwsManagedPolicies.Find(arn) is { } aws ? new PolicyRef(aws, null) : throw NotFound(arn, notFound);
        if (account == arns.AccountId && await store.GetAsync(IamKinds.Policies, IamKinds.Key(name), ct) is { } local
            && string.Equals(local.Value.Arn, arn, StringComparison.Ordinal))
        {
            return new PolicyRef(null, local);
        }
        throw NotFound(arn, notFound);
    }

    /// <summary>The path of a policy ARN (<c>arn:aws:iam::aws:policy/service-role/X</c> → <c>/service-role/</c>).</summary>
    public static string PathOf(string policyArn)
    {
        var resource = policyArn[(policyArn.IndexOf(":policy/", StringComparison.Ordinal) + ":policy".Length)..];
        return resource[..(resource.LastIndexOf('/') + 1)];
    }

    static Kernel.AwsException NotFound(string arn, string? message) => IamErrors.NoSuchEntity(message ?? $"Policy {arn} was not found.");
}
