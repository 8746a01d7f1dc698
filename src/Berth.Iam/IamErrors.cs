using Berth.Kernel;

namespace Berth.Iam;

/// <summary>IAM's error codes and statuses, as the botocore model names them (the Query protocol's codes, no "Exception").</summary>
internal static class IamErrors
{
    public static AwsException NoSuchEntity(string message) => new("NoSuchEntity", message, 404);

    public static AwsException AlreadyExists(string message) => new("EntityAlreadyExists", message, 409);

    public static AwsException DeleteConflict(string message) => new("DeleteConflict", message, 409);

    public static AwsException LimitExceeded(string message) => new("LimitExceeded", message, 409);

    public static AwsException InvalidInput(string message) => new("InvalidInput", message);

    public static AwsException Validation(string message) => new("ValidationError", message);

    public static AwsException MalformedPolicy(string message) => new("MalformedPolicyDocument", message);

    public static AwsException NotAttachable(string message) => new("PolicyNotAttachable", message);

    /// <summary>A service-linked role: only its service may change it.</summary>
    public static AwsException Unmodifiable(string roleName) =>
        new("UnmodifiableEntity", $"Cannot perform the operation on the protected role '{roleName}' - this role is only modifiable by AWS");

    /// <summary>AWS managed policies belong to the account <c>aws</c>: nobody else may change, delete or tag them.</summary>
    public static AwsException AwsManaged(string action, string policyArn) =>
        new("AccessDenied", $"Not authorized to perform: iam:{action} on resource: policy {policyArn}: it is an AWS managed policy, which only AWS can change.", 403);

    public static AwsException UserNotFound(string name) => NoSuchEntity($"The user with name {name} cannot be found.");

    public static AwsException RoleNotFound(string name) => NoSuchEntity($"The role with name {name} cannot be found.");

    public static AwsException PolicyNotFound(string arn) => NoSuchEntity($"Policy {arn} was not found.");
}
