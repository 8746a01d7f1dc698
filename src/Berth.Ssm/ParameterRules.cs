using System.Text.RegularExpressions;
using Berth.Kernel;
using static Berth.Ssm.SsmErrors;

namespace Berth.Ssm;

/// <summary>What PutParameter checks of a value and its settings: type, tier and size, KMS key, allowed pattern, data type.</summary>
static partial class ParameterRules
{
    public const string Standard = "Standard";
    public const string Advanced = "Advanced";
    public const string IntelligentTiering = "Intelligent-Tiering";
    public const string DefaultKeyAlias = "alias/aws/ssm";
    public const int StandardMax = 4096;
    public const int AdvancedMax = 8192;

    static readonly string[] Types = [ParameterVersion.String, ParameterVersion.StringList, ParameterVersion.SecureString];
    static readonly string[] Tiers = [Standard, Advanced, IntelligentTiering];

    public static void RequireType(string? type)
    {
        if (type is not null && !Types.Contains(type))
            throw Constraint($"Value '{type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]");
    }

    public static void RequireTier(string? tier)
    {
        if (tier is not null && !Tiers.Contains(tier))
            throw Constraint($"Value '{tier}' at 'tier' failed to satisfy constraint: Member must satisfy enum value set: [Standard, Advanced, Intelligent-Tiering]");
    }

    /// <summary>
    /// The tier a version goes in: the one asked for (Intelligent-Tiering picks Standard when the value fits), else the
    /// parameter's present tier, else Standard. An Advanced parameter never goes back to Standard, as in AWS.
    /// </summary>
    public static string Tier(string? requested, string? previous, int valueLength)
    {
        var tier = requested switch
        {
            IntelligentTiering => valueLength <= StandardMax && previous != Advanced ? Standard : Advanced,
            null => previous ?? Standard,
            _ => requested,
        };
        if (tier == Standard && previous == Advanced)
            throw Validation("This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced parameter and recreate it as a standard parameter.");
        if (tier == Standard && valueLength > StandardMax)
            throw Validation($"Standard tier parameters support a maximum parameter value of {StandardMax} characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier (Tier Advanced or Intelligent-Tiering).");
        if (valueLength > AdvancedMax)
            throw Validation($"Advanced tier parameters support a maximum parameter value of {AdvancedMax} characters.");
        return tier;
    }

    /// <summary>
    /// The KMS key a SecureString names: Berth has no KMS and encrypts with its own key, standing in for AWS's managed
    /// key <c>alias/aws/ssm</c>; naming that key is fine, any other is refused rather than ignored.
    /// </summary>
    public static string? KeyId(Arns arns, string type, string? requested)
    {
        if (requested is not null)
        {
            Length(requested, "keyId", 1, 256);
            if (!KeyIdPattern().IsMatch(requested))
                throw Constraint($"Value '{requested}' at 'keyId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([a-zA-Z0-9:/_-]+)$");
            if (type != ParameterVersion.SecureString)
                throw Validation("KeyId is only for SecureString parameters: leave it out for a String or StringList.");
            if (requested != DefaultKeyAlias && requested != $"arn:aws:kms:{arns.Region}:{arns.AccountId}:{DefaultKeyAlias}")
                throw InvalidKeyId($"KeyId '{requested}' is not supported: Berth has no KMS and encrypts SecureString values with its own key, standing in for {DefaultKeyAlias}. Leave KeyId out or use {DefaultKeyAlias}.");
        }
        return type == ParameterVersion.SecureString ? DefaultKeyAlias : null;
    }

    /// <summary>Checks the value against the parameter's AllowedPattern (a regular expression the value must match).</summary>
    public static void RequirePattern(string? pattern, string value)
    {
        if (string.IsNullOrEmpty(pattern))
            return;
        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            throw new AwsException("InvalidAllowedPatternException", $"The AllowedPattern '{pattern}' is not a valid regular expression.");
        }
        bool matches;
        try
        {
            matches = regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            matches = false;
        }
        if (!matches)
            throw new AwsException("ParameterPatternMismatchException", $"Parameter value, cannot be validated against allowedPattern: {pattern}");
    }

    /// <summary>The data type: <c>text</c> (the default). <c>aws:ec2:image</c> and <c>aws:ssm:integration</c> need EC2 and integrations, which Berth does not have.</summary>
    public static string DataType(string? requested, string? previous)
    {
        var dataType = string.IsNullOrEmpty(requested) ? previous ?? "text" : requested;
        return dataType switch
        {
            "text" => dataType,
            "aws:ec2:image" or "aws:ssm:integration" => throw Validation($"DataType {dataType} is not supported: Berth has no EC2 images or integrations to check it against. Use text."),
            _ => throw Validation($"The following data type is not supported: {dataType} (Data type names are all lowercase.)"),
        };
    }

    [GeneratedRegex("^([a-zA-Z0-9:/_-]+)$")]
    private static partial Regex KeyIdPattern();
}
