using System.Text.Json;
using System.Text.Json.Serialization;
using Berth.Ecs.Model;
using Berth.Kernel.Tagging;

namespace Berth.Ecs.Api;

// Shapes of the account settings, capacity provider, attribute, container instance and task set operations,
// named as in the botocore model.

public sealed record AccountSettingRequest
{
    public string? Name { get; set; }
    public string? Value { get; set; }
    public string? PrincipalArn { get; set; }
    public bool? EffectiveSettings { get; set; }
    public string? NextToken { get; set; }
    public int? MaxResults { get; set; }
}

public sealed record AccountSettingResponse(AccountSetting Setting);

public sealed record ListAccountSettingsResponse(List<AccountSetting> Settings, string? NextToken);

public sealed record DescribeCapacityProvidersRequest
{
    public List<string>? CapacityProviders { get; set; }
    public string? Cluster { get; set; }
    public List<string>? Include { get; set; }
    public int? MaxResults { get; set; }
    public string? NextToken { get; set; }
}

public sealed record CapacityProvider
{
    public string? CapacityProviderArn { get; set; }
    public string? Name { get; set; }
    public string? Status { get; set; }
    public string? Type { get; set; }
    public List<Tag>? Tags { get; set; }
}

public sealed record DescribeCapacityProvidersResponse(List<CapacityProvider> CapacityProviders, List<Failure> Failures, string? NextToken);

/// <summary>CreateCapacityProvider, UpdateCapacityProvider, DeleteCapacityProvider: read only far enough to refuse.</summary>
public sealed record CapacityProviderRequest
{
    public string? Name { get; set; }
    public string? CapacityProvider { get; set; }
    public string? Cluster { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed record AttributeItem
{
    public string? Name { get; set; }
    public string? Value { get; set; }
    public string? TargetType { get; set; }
    public string? TargetId { get; set; }
}

public sealed record AttributesRequest
{
    public string? Cluster { get; set; }
    public string? TargetType { get; set; }
    public string? AttributeName { get; set; }
    public string? AttributeValue { get; set; }
    public List<AttributeItem>? Attributes { get; set; }
    public string? NextToken { get; set; }
    public int? MaxResults { get; set; }
}

public sealed record ListAttributesResponse(List<AttributeItem> Attributes, string? NextToken);

public sealed record AttributesResponse(List<AttributeItem> Attributes);

public sealed record ContainerInstancesRequest
{
    public string? Cluster { get; set; }
    public List<string>? ContainerInstances { get; set; }
    public List<string>? Include { get; set; }
    public string? Filter { get; set; }
    public string? Status { get; set; }
    public string? NextToken { get; set; }
    public int? MaxResults { get; set; }
}

public sealed record DescribeContainerInstancesResponse(List<JsonElement> ContainerInstances, List<Failure> Failures);

public sealed record ListContainerInstancesResponse(List<string> ContainerInstanceArns, string? NextToken);

/// <summary>DescribeTaskSets, CreateTaskSet, UpdateTaskSet, DeleteTaskSet, UpdateServicePrimaryTaskSet.</summary>
public sealed record TaskSetRequest
{
    public string? Cluster { get; set; }
    public string? Service { get; set; }
    public List<string>? TaskSets { get; set; }
    public string? TaskSet { get; set; }
    public string? PrimaryTaskSet { get; set; }
    public string? TaskDefinition { get; set; }
    public List<string>? Include { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
