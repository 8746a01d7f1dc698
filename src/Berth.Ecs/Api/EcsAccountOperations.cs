using Berth.Ecs.Model;
using Berth.Ecs.Services;
using Berth.Ecs.Validation;
using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Protocol;

namespace Berth.Ecs.Api;

/// <summary>
/// Account settings; the Fargate capacity providers; and what belongs to the EC2 launch type (container instances and
/// their attributes, Auto Scaling group capacity providers) or to blue/green deployments (task sets), answered as ECS
/// answers an account without them: empty lists, MISSING failures, or a refusal that says why.
/// </summary>
public static class EcsAccountOperations
{
    const string NoEc2 = "Berth runs tasks on Fargate only; the EC2 launch type (container instances, Auto Scaling group capacity providers) is not available yet";

    public static void Register(ServiceOperations ops, EcsAccess a, AccountSettingService settings, ClusterService clusters, ServiceService services, Arns arns)
    {
        var j = EcsJson.Default;

        ops.Add("PutAccountSetting", j.AccountSettingRequest, j.AccountSettingResponse, async (r, ct) =>
            new AccountSettingResponse(await settings.PutAsync(r.Name, r.Value, r.PrincipalArn, Caller.Current, ct)));
        ops.Add("PutAccountSettingDefault", j.AccountSettingRequest, j.AccountSettingResponse, async (r, ct) =>
        {
            if (r.PrincipalArn is not null)
                throw AwsException.InvalidParameter("PutAccountSettingDefault sets the account's default and takes no principalArn: use PutAccountSetting for one principal.");
            return new AccountSettingResponse(await settings.PutDefaultAsync(r.Name, r.Value, ct));
        });
        ops.Add("DeleteAccountSetting", j.AccountSettingRequest, j.AccountSettingResponse, async (r, ct) =>
            new AccountSettingResponse(await settings.DeleteAsync(r.Name, r.PrincipalArn, Caller.Current, ct)));
        ops.Add("ListAccountSettings", j.AccountSettingRequest, j.ListAccountSettingsResponse, async (r, ct) =>
        {
            var (found, next) = await settings.ListAsync(r.Name, r.Value, r.PrincipalArn, r.EffectiveSettings ?? false, r.NextToken, r.MaxResults, Caller.Current, ct);
            return new ListAccountSettingsResponse(found, next);
        });

        ops.Add("DescribeCapacityProviders", j.DescribeCapacityProvidersRequest, j.DescribeCapacityProvidersResponse, async (r, ct) =>
        {
            if (r.Include?.Any(i => i != "TAGS") == true)
                throw AwsException.InvalidParameter("include accepts only TAGS.");
            if (r.MaxResults is < 1 or > 10)
                throw AwsException.InvalidParameter("maxResults must be between 1 and 10.");
            if (r.Cluster is not null)
                await clusters.RequireActiveAsync(r.Cluster, ct);
            var all = ClusterRules.FargateProviders.Select(name => new CapacityProvider
            {
                CapacityProviderArn = $"arn:aws:ecs:{arns.Region}:{arns.AccountId}:capacity-provider/{name}",
                Name = name,
                Status = "ACTIVE",
                Type = name,
                Tags = r.Include?.Contains("TAGS") == true ? [] : null,
            }).ToList();
            var failures = new List<Failure>();
            if (r.CapacityProviders is { Count: > 0 } asked)
            {
                var named = new List<CapacityProvider>();
                foreach (var n in asked)
                {
                    var match = all.FirstOrDefault(p => p.Name == n || p.CapacityProviderArn == n);
                    if (match is null)
                        failures.Add(new Failure { Arn = n.StartsWith("arn:", StringComparison.Ordinal) ? n : $"arn:aws:ecs:{arns.Region}:{arns.AccountId}:capacity-provider/{n}", Reason = "MISSING" });
                    else if (!named.Contains(match))
                        named.Add(match);
                }
                all = named;
            }
            var limit = Paging.Limit(r.MaxResults, 10, 10);
            var listing = $"capacity-providers|{string.Join(',', r.CapacityProviders ?? [])}";
            var offset = Paging.Decode(r.NextToken, listing);
            var page = all.Skip(offset).Take(limit).ToList();
            return new DescribeCapacityProvidersResponse(page, failures, Paging.Encode(offset + page.Count, page.Count, limit, listing));
        });
        foreach (var op in new[] { "CreateCapacityProvider", "UpdateCapacityProvider", "DeleteCapacityProvider" })
        {
            ops.Add(op, j.CapacityProviderRequest, j.EmptyResponse, (r, _) =>
            {
                var name = r.Name ?? r.CapacityProvider;
                if (name is "FARGATE" or "FARGATE_SPOT")
                    throw AwsException.Client($"The {name} capacity provider is managed by ECS and cannot be changed; associate it with a cluster with PutClusterCapacityProviders.");
                throw new AwsException("UnsupportedFeatureException", $"{op} is not supported: capacity providers other than FARGATE and FARGATE_SPOT run tasks on EC2 instances. {NoEc2}.");
            });
        }

        ops.Add("ListAttributes", j.AttributesRequest, j.ListAttributesResponse, async (r, ct) =>
        {
            await clusters.RequireActiveAsync(r.Cluster, ct);
            CheckTargetType(r.TargetType, required: true);
            if (r.AttributeValue is not null && r.AttributeName is null)
                throw AwsException.InvalidParameter("attributeValue filters attributes of one name: specify attributeName too.");
            if (r.MaxResults is < 1 or > 100)
                throw AwsException.InvalidParameter("maxResults must be between 1 and 100.");
            Paging.Decode(r.NextToken, "attributes");
            // Attributes belong to container instances, and a Fargate-only cluster has none.
            return new ListAttributesResponse([], null);
        });
        foreach (var op in new[] { "PutAttributes", "DeleteAttributes" })
        {
            ops.Add(op, j.AttributesRequest, j.AttributesResponse, async (r, ct) =>
            {
                await clusters.RequireActiveAsync(r.Cluster, ct);
                if (r.Attributes is not { Count: > 0 })
                    throw AwsException.InvalidParameter("attributes must name at least one attribute.");
                foreach (var attribute in r.Attributes)
                {
                    if (string.IsNullOrEmpty(attribute.Name))
                        throw AwsException.InvalidParameter("Each attribute needs a name.");
                    CheckTargetType(attribute.TargetType, required: false);
                }
                var target = r.Attributes.First().TargetId;
                throw new AwsException("TargetNotFoundException", target is null
                    ? $"Attributes are set on container instances, and the cluster has none: {NoEc2}."
                    : $"The specified target '{target}' was not found: the cluster has no container instances. {NoEc2}.");
            });
        }

        ops.Add("DescribeContainerInstances", j.ContainerInstancesRequest, j.DescribeContainerInstancesResponse, async (r, ct) =>
        {
            var cluster = await clusters.RequireActiveAsync(r.Cluster, ct);
            if (r.ContainerInstances is not { Count: > 0 and <= 100 })
                throw AwsException.InvalidParameter("containerInstances must name between 1 and 100 container instances.");
            if (r.Include?.Any(i => i is not ("TAGS" or "CONTAINER_INSTANCE_HEALTH")) == true)
                throw AwsException.InvalidParameter("include accepts only TAGS and CONTAINER_INSTANCE_HEALTH.");
            var failures = r.ContainerInstances.Select(ci => new Failure
            {
                Arn = ci.StartsWith("arn:", StringComparison.Ordinal) ? ci : $"arn:aws:ecs:{arns.Region}:{arns.AccountId}:container-instance/{cluster.ClusterName}/{ci}",
                Reason = "MISSING",
            }).ToList();
            return new DescribeContainerInstancesResponse([], failures);
        });
        ops.Add("ListContainerInstances", j.ContainerInstancesRequest, j.ListContainerInstancesResponse, async (r, ct) =>
        {
            await clusters.RequireActiveAsync(r.Cluster, ct);
            if (r.Status is not (null or "ACTIVE" or "DRAINING" or "REGISTERING" or "DEREGISTERING" or "REGISTRATION_FAILED"))
                throw AwsException.InvalidParameter($"Invalid status '{r.Status}'. Valid values: ACTIVE, DRAINING, REGISTERING, DEREGISTERING, REGISTRATION_FAILED.");
            if (r.Filter is not null && PlacementExpression.Check(r.Filter) is { } problem)
                throw AwsException.InvalidParameter($"Invalid filter '{r.Filter}': {problem}.");
            if (r.MaxResults is < 1 or > 100)
                throw AwsException.InvalidParameter("maxResults must be between 1 and 100.");
            Paging.Decode(r.NextToken, "container-instances");
            return new ListContainerInstancesResponse([], null);
        });

        foreach (var op in new[] { "DescribeTaskSets", "CreateTaskSet", "UpdateTaskSet", "DeleteTaskSet", "UpdateServicePrimaryTaskSet" })
        {
            ops.Add(op, j.TaskSetRequest, j.EmptyResponse, async (r, ct) =>
            {
                if (string.IsNullOrEmpty(r.Cluster))
                    throw AwsException.InvalidParameter("cluster is required.");
                if (string.IsNullOrEmpty(r.Service))
                    throw AwsException.InvalidParameter("service is required.");
                var (found, _) = await services.DescribeAsync(r.Cluster, [r.Service], null, ct);
                if (found.Count == 0)
                    throw new AwsException("ServiceNotFoundException", "Service not found.");
                if (found[0].Status != "ACTIVE")
                    throw new AwsException("ServiceNotActiveException", "Service was not ACTIVE.");
                // Every Berth service has the ECS (rolling update) deployment controller: task sets are EXTERNAL's.
                throw AwsException.InvalidParameter("Amazon ECS only supports task set management on services configured to use external deployment controllers. "
                    + "Berth services use the ECS rolling update controller; the EXTERNAL and CODE_DEPLOY controllers are not available yet.");
            }, access: r => a.Services(op, r.Cluster, [r.Service]));
        }
    }

    static void CheckTargetType(string? targetType, bool required)
    {
        if (targetType is null && !required)
            return;
        if (targetType != "container-instance")
            throw AwsException.InvalidParameter(targetType is null
                ? "targetType is required: the only target type is container-instance."
                : $"Invalid targetType '{targetType}'. The only target type is container-instance.");
    }
}
