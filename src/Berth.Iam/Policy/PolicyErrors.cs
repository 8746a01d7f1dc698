using Berth.Kernel;

namespace Berth.Iam.Policy;

/// <summary>IAM's MalformedPolicyDocument messages, word for word where IAM's are known.</summary>
internal static class PolicyErrors
{
    public const string Code = "MalformedPolicyDocument";

    public const string Syntax = "Syntax errors in policy.";
    public const string InvalidJson = "This policy contains invalid Json";
    public const string VersionTooOld = "Policy document must be version 2012-10-17 or greater.";
    public const string LegacyParsing = "The policy failed legacy parsing";
    public const string DuplicateSid = "Statement IDs (SID) in a single policy must be unique.";
    public const string NoActions = "Policy statement must contain actions.";
    public const string NoResources = "Policy statement must contain resources.";
    public const string PrincipalNotAllowed = "Policy document should not specify a principal.";
    public const string MissingPrincipal = "Missing required field Principal";
    public const string MissingAction = "Missing required field Action";
    public const string ProhibitedResource = "Has prohibited field Resource";
    public const string TrustActions = "AssumeRole policy may only specify STS AssumeRole actions.";
    public const string AllowWithNotPrincipal = "Allow with NotPrincipal is not allowed.";
    public const string NoVendor = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";
    public const string OneColon = "Actions/Condition can contain only one colon.";
    public const string ResourceVendor = "Resource vendor must be fully qualified and cannot contain regexes.";
    public const string IamResourcePath =
        "IAM resource path must either be \"*\" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, " +
        "server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.";

    public static string InvalidVendor(string vendor) => $"Vendor {vendor} is not valid";

    public static string NotAnArn(string resource) => $"Resource {resource} must be in ARN format or \"*\".";

    public static string InvalidPrincipal(string type, string value) => $"Invalid principal in policy: \"{type}\":\"{value}\"";

    public static AwsException Malformed(string message) => new(Code, message);
}
