using Berth.Kernel;

namespace Berth.Iam.Policy;

/// <summary>
/// IAM's size quotas for policy documents, in characters, not counting white space between JSON tokens (IAM does
/// not count white space). Inline quotas are for all of a user's (group's, role's) inline policies together.
/// </summary>
public static class PolicyLimits
{
    /// <summary>A managed policy (each version).</summary>
    public const int ManagedPolicySize = 6144;

    /// <summary>All of one user's inline policies.</summary>
    public const int UserInlinePoliciesSize = 2048;

    /// <summary>All of one group's inline policies.</summary>
    public const int GroupInlinePoliciesSize = 5120;

    /// <summary>All of one role's inline policies.</summary>
    public const int RoleInlinePoliciesSize = 10240;

    /// <summary>A role's trust policy (IAM's ACLSizePerRole).</summary>
    public const int TrustPolicySize = 2048;

    /// <summary>The PolicyDocument parameter's own limit in the API model.</summary>
    public const int MaxDocumentLength = 131072;

    /// <summary>The size IAM counts: every character except white space outside strings.</summary>
    public static int SizeOf(string? document)
    {
        if (document is null)
            return 0;
        int size = 0;
        bool inString = false, escaped = false;
        foreach (var c in document)
        {
            if (inString)
            {
                size++;
                if (escaped)
                    escaped = false;
                else if (c == '\\')
                    escaped = true;
                else if (c == '"')
                    inString = false;
            }
            else if (!char.IsWhiteSpace(c))
            {
                size++;
                inString = c == '"';
            }
        }
        return size;
    }

    public static void EnsureManagedPolicySize(string document)
    {
        if (SizeOf(document) > ManagedPolicySize)
            throw LimitExceeded($"Cannot exceed quota for PolicySize: {ManagedPolicySize}");
    }

    public static void EnsureTrustPolicySize(string document)
    {
        if (SizeOf(document) > TrustPolicySize)
            throw LimitExceeded($"Cannot exceed quota for ACLSizePerRole: {TrustPolicySize}");
    }

    /// <summary>Checks a user's inline policies together (the new or replaced one included).</summary>
    public static void EnsureUserInlinePoliciesSize(string userName, int totalSize)
    {
        if (totalSize > UserInlinePoliciesSize)
            throw LimitExceeded($"Maximum policy size of {UserInlinePoliciesSize} bytes exceeded for user {userName}");
    }

    public static void EnsureGroupInlinePoliciesSize(string groupName, int totalSize)
    {
        if (totalSize > GroupInlinePoliciesSize)
            throw LimitExceeded($"Maximum policy size of {GroupInlinePoliciesSize} bytes exceeded for group {groupName}");
    }

    public static void EnsureRoleInlinePoliciesSize(string roleName, int totalSize)
    {
        if (totalSize > RoleInlinePoliciesSize)
            throw LimitExceeded($"Maximum policy size of {RoleInlinePoliciesSize} bytes exceeded for role {roleName}");
    }

    /// <summary>IAM's LimitExceeded (HTTP 409 in its model).</summary>
    static AwsException LimitExceeded(string message) => new("LimitExceeded", message, 409);
}
