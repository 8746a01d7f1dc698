using Berth.Kernel.Protocol;

namespace Berth.Iam.Api;

/// <summary>
/// The IAM API, Version 2010-05-08, on the Query protocol (IAM speaks nothing else), signed for <c>iam</c>: each operation
/// defined once and served by the Query codec from the shapes of <see cref="IamWireJson"/>.
/// </summary>
public static class IamOperations
{
    public static readonly AwsService Service = new()
    {
        SigningName = "iam",
        Query = new QueryService("2010-05-08", "https://iam.amazonaws.com/doc/2010-05-08/", "iam"),
        InvalidValueCode = "ValidationError",
    };

    internal static readonly IamEmpty None = new();

    public static void Register(ServiceOperations ops, IamServices iam)
    {
        var a = new IamAccess(iam.Users.Arns);
        UserOperations.Register(ops, iam, a);
        RoleOperations.Register(ops, iam, a);
        PolicyOperations.Register(ops, iam, a);
    }
}

/// <summary>The IAM module's services, as its operations use them.</summary>
public sealed record IamServices(
    UserService Users, AccessKeyService AccessKeys, RoleService Roles, ServiceLinkedRoles LinkedRoles, InlinePolicyService InlinePolicies,
    ManagedPolicyService Policies, AttachmentService Attachments, AccountDetails Details);
