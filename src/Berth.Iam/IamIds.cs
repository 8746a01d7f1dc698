using System.Security.Cryptography;

namespace Berth.Iam;

/// <summary>
/// Identifiers as IAM makes them: a four-letter prefix naming the kind and random upper-case base-32 characters —
/// 21 characters for users (<c>AIDA</c>), roles (<c>AROA</c>) and policies (<c>ANPA</c>), 20 for access keys (<c>AKIA</c>);
/// secret access keys are 40 characters of base 64.
/// </summary>
internal static class IamIds
{
    const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    const string Base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static string NewUserId() => "AIDA" + RandomNumberGenerator.GetString(Base32, 17);

    public static string NewRoleId() => "AROA" + RandomNumberGenerator.GetString(Base32, 17);

    public static string NewPolicyId() => "ANPA" + RandomNumberGenerator.GetString(Base32, 17);

    public static string NewAccessKeyId() => "AKIA" + RandomNumberGenerator.GetString(Base32, 16);

    public static string NewSecretAccessKey() => RandomNumberGenerator.GetString(Base64, 40);
}

/// <summary>IAM's ARNs: global, so without a region — <c>arn:aws:iam::ACCOUNT:user/PATH/NAME</c>.</summary>
public sealed class IamArns(string accountId)
{
    public string AccountId => accountId;

    public string User(string path, string name) => $"arn:aws:iam::{accountId}:user{path}{name}";

    public string Role(string path, string name) => $"arn:aws:iam::{accountId}:role{path}{name}";

    public string Policy(string path, string name) => $"arn:aws:iam::{accountId}:policy{path}{name}";

    /// <summary>
    /// The account (an id or <c>aws</c>) and name of a managed policy's ARN; a string that is not one is InvalidInput, as
    /// IAM says it.
    /// </summary>
    public static (string Account, string Name) ParsePolicy(string? arn)
    {
        var value = IamValidation.Required(arn, "policyArn");
        IamValidation.Length(value, "policyArn", 20, 2048);
        var parts = value.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[1].Length == 0 || parts[2] != "iam" || parts[3].Length != 0
            || parts[4].Length == 0 || !parts[5].StartsWith("policy/", StringComparison.Ordinal) || parts[5].EndsWith('/'))
        {
            throw IamErrors.InvalidInput($"ARN {value} is not valid.");
        }
        return (parts[4], parts[5][(parts[5].LastIndexOf('/') + 1)..]);
    }
}
