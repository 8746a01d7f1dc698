using System.Security.Cryptography;
using Berth.Kernel;

namespace Berth.ServiceDiscovery;

/// <summary>Cloud Map's identifiers as AWS forms them, and their ARNs; ids or ARNs are accepted wherever the model says <c>Arn</c>.</summary>
static class DiscoveryIds
{
    const string Lower = "abcdefghijklmnopqrstuvwxyz0123456789";
    const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static string NewNamespaceId() => "ns-" + RandomNumberGenerator.GetString(Lower, 16);

    public static string NewServiceId() => "srv-" + RandomNumberGenerator.GetString(Lower, 16);

    public static string NewOperationId() => RandomNumberGenerator.GetString(Lower, 32) + "-" + RandomNumberGenerator.GetString(Lower, 8);

    /// <summary>A Route 53 hosted zone id (<c>Z</c> and 20 upper-case letters and digits).</summary>
    public static string NewHostedZoneId() => "Z" + RandomNumberGenerator.GetString(Upper, 20);

    public static string NamespaceArn(Arns arns, string id) => $"arn:aws:servicediscovery:{arns.Region}:{arns.AccountId}:namespace/{id}";

    public static string ServiceArn(Arns arns, string id) => $"arn:aws:servicediscovery:{arns.Region}:{arns.AccountId}:service/{id}";

    /// <summary>
    /// The id a namespace or service is named by: the id itself, or the last part of this account's ARN of that type.
    /// Null for an ARN of another account, region, service or type (nothing of this account has it).
    /// </summary>
    public static string? IdOf(Arns arns, string idOrArn, string resourceType)
    {
        if (!idOrArn.StartsWith("arn:", StringComparison.Ordinal))
            return idOrArn;
        var arn = Kernel.Arns.Parse(idOrArn);
        var prefix = resourceType + "/";
        if (arn is null || arn.Service != "servicediscovery" || arn.Region != arns.Region || arn.Account != arns.AccountId
            || !arn.Resource.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }
        return arn.Resource[prefix.Length..];
    }
}
