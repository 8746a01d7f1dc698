using Berth.Iam.Managed;
using Berth.Kernel.Storage;

namespace Berth.Iam;

/// <summary>A service's service-linked role as AWS defines it: its name, description and the policy it carries.</summary>
public sealed record LinkedRoleTemplate(string Service, string RoleName, string? Description, AwsManagedPolicy Policy);

/// <summary>
/// Service-linked roles for the services Berth serves: each under <c>/aws-service-role/SERVICE/</c>, trusting only its
/// service, carrying its AWS managed policy, and changeable only by that service (so only by these operations).
/// </summary>
public sealed class ServiceLinkedRoles(IStateStore store, IamArns arns, TimeProvider clock)
{
    public static readonly IReadOnlyList<LinkedRoleTemplate> Known =
    [
        new("ecs.amazonaws.com", "AWSServiceRoleForECS", "Role to enable Amazon ECS to manage your cluster.", ServiceLinkedRolePolicies.AmazonECSServiceRolePolicy),
        new("elasticloadbalancing.amazonaws.com", "AWSServiceRoleForElasticLoadBalancing", "Allows ELB to call AWS services on your behalf.",
            ServiceLinkedRolePolicies.AWSElasticLoadBalancingServiceRolePolicy),
        new("ecs.application-autoscaling.amazonaws.com", "AWSServiceRoleForApplicationAutoScaling_ECSService", null,
            ServiceLinkedRolePolicies.AWSApplicationAutoscalingECSServicePolicy),
    ];

    public Task<IamRole> CreateAsync(string? awsServiceName, string? description, string? customSuffix, CancellationToken ct)
    {
        var service = IamValidation.Name(awsServiceName, "aWSServiceName", 128);
        var template = Known.FirstOrDefault(t => t.Service == service)
            ?? throw IamErrors.InvalidInput($"Berth does not create a service-linked role for {service}: it knows those of {string.Join(", ", Known.Select(t => t.Service))}.");
        if (customSuffix is not null)
            throw IamErrors.InvalidInput($"Custom suffix is not allowed for {service}.");
        var roleDescription = IamValidation.RoleDescription(description) ?? template.Description;
        return IamLookup.RetryAsync(async () =>
        {
            if (await store.GetAsync(IamKinds.Roles, IamKinds.Key(template.RoleName), ct) is not null)
                throw IamErrors.InvalidInput($"Service role name {template.RoleName} has been taken in this account, please try a different suffix.");
            var path = $"/aws-service-role/{service}/";
            var now = DateTimeOffset.FromUnixTimeSeconds(clock.GetUtcNow().ToUnixTimeSeconds());
            var role = new IamRole
            {
                RoleId = IamIds.NewRoleId(),
                RoleName = template.RoleName,
                Path = path,
                Arn = arns.Role(path, template.RoleName),
                CreateDate = now,
                AssumeRolePolicyDocument = TrustPolicy(service),
                Description = roleDescription,
                LinkedService = service,
            };
            var attachment = new PolicyAttachment { EntityId = role.RoleId, PolicyArn = template.Policy.Arn, PolicyName = template.Policy.PolicyName, AttachedAt = now };
            await store.CommitAsync([StoreWrite.Insert(IamKinds.Roles, role), StoreWrite.Insert(IamKinds.Attachments, attachment)], ct);
            return role;
        });
    }

    /// <summary>
    /// DeleteServiceLinkedRole: the role and its policy go at once (Berth has no pending deletion to wait for); the task id
    /// names the role, as AWS's does.
    /// </summary>
    public Task<string> DeleteAsync(string? roleName, CancellationToken ct) => IamLookup.RetryAsync(async () =>
    {
        var (role, version) = await IamLookup.RoleAsync(store, roleName, ct);
        if (role.LinkedService is null)
            throw IamErrors.InvalidInput($"Role {role.RoleName} is not a service-linked role: delete it with DeleteRole.");
        var attached = await store.ListAsync(IamKinds.Attachments, new StoreQuery { Name = role.RoleId }, ct);
        await store.CommitAsync([StoreWrite.Delete(IamKinds.Roles, IamKinds.Key(role.RoleName), version),
            .. attached.Select(a => StoreWrite.Delete(IamKinds.Attachments, PolicyAttachment.Key(a.Value.EntityId, a.Value.PolicyArn), a.Version))], ct);
        return $"task{role.Path}{role.RoleName}/{Guid.NewGuid()}";
    });

    /// <summary>GetServiceLinkedRoleDeletionStatus: deletions finish before DeleteServiceLinkedRole answers, so a task Berth could have issued has SUCCEEDED.</summary>
    public static string DeletionStatus(string? deletionTaskId)
    {
        var id = IamValidation.Required(deletionTaskId, "deletionTaskId");
        IamValidation.Length(id, "deletionTaskId", 1, 1000);
        var parts = id.Split('/');
        return parts.Length == 5 && parts[0] == "task" && parts[1] == "aws-service-role" && Known.Any(t => t.Service == parts[2] && t.RoleName == parts[3])
            && Guid.TryParse(parts[4], out _)
            ? "SUCCEEDED"
            : throw IamErrors.InvalidInput($"Invalid deletion task id: {id}.");
    }

    static string TrustPolicy(string service) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"{{service}}"},"Action":"sts:AssumeRole"}]}""";
}
