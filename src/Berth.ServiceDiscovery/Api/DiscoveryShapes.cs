using Berth.Kernel.Tagging;

namespace Berth.ServiceDiscovery.Api;

// Request and response shapes of Cloud Map's operations, named as in the botocore model (PascalCase).

/// <summary>Every member a Cloud Map request has (but DeleteServiceAttributes'); each operation reads the ones it defines.</summary>
sealed record DiscoveryRequest
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? CreatorRequestId { get; set; }
    public string? UpdaterRequestId { get; set; }
    public string? Description { get; set; }
    public string? Vpc { get; set; }
    public List<Tag>? Tags { get; set; }
    public List<string>? TagKeys { get; set; }
    public string? ResourceARN { get; set; }
    public NamespacePropertiesInput? Properties { get; set; }
    public NamespaceChange? Namespace { get; set; }
    public string? NamespaceId { get; set; }
    public DnsConfigInput? DnsConfig { get; set; }
    public HealthCheckConfigInput? HealthCheckConfig { get; set; }
    public HealthCheckCustomConfigShape? HealthCheckCustomConfig { get; set; }
    public string? Type { get; set; }
    public ServiceChange? Service { get; set; }
    public string? ServiceId { get; set; }
    public string? InstanceId { get; set; }
    public Dictionary<string, string?>? Attributes { get; set; }
    public List<string>? Instances { get; set; }
    public string? Status { get; set; }
    public string? NamespaceName { get; set; }
    public string? ServiceName { get; set; }
    public Dictionary<string, string?>? QueryParameters { get; set; }
    public Dictionary<string, string?>? OptionalParameters { get; set; }
    public string? HealthStatus { get; set; }
    public string? OwnerAccount { get; set; }
    public string? OperationId { get; set; }
    public List<FilterInput>? Filters { get; set; }
    public int? MaxResults { get; set; }
    public string? NextToken { get; set; }
}

/// <summary>DeleteServiceAttributes: its Attributes are a list of keys, not a map.</summary>
sealed record DeleteServiceAttributesRequest
{
    public string? ServiceId { get; set; }
    public List<string>? Attributes { get; set; }
}

/// <summary>CreatePrivateDnsNamespace's and CreatePublicDnsNamespace's Properties, and the namespace changes' (SOA is required in each).</summary>
sealed record NamespacePropertiesInput
{
    public DnsPropertiesInput? DnsProperties { get; set; }
}

sealed record DnsPropertiesInput
{
    public SoaShape? SOA { get; set; }
}

sealed record SoaShape
{
    public long? TTL { get; set; }
}

/// <summary>UpdateHttpNamespace's, UpdatePrivateDnsNamespace's and UpdatePublicDnsNamespace's <c>Namespace</c>.</summary>
sealed record NamespaceChange
{
    public string? Description { get; set; }
    public NamespacePropertiesInput? Properties { get; set; }
}

sealed record DnsConfigInput
{
    public string? NamespaceId { get; set; }
    public string? RoutingPolicy { get; set; }
    public List<DnsRecordShape?>? DnsRecords { get; set; }
}

sealed record DnsRecordShape
{
    public string? Type { get; set; }
    public long? TTL { get; set; }
}

/// <summary>Route 53 health checks: refused (Berth has no Route 53 health checkers), named so the refusal can say so.</summary>
sealed record HealthCheckConfigInput
{
    public string? Type { get; set; }
    public string? ResourcePath { get; set; }
    public int? FailureThreshold { get; set; }
}

sealed record HealthCheckCustomConfigShape
{
    public int? FailureThreshold { get; set; }
}

/// <summary>UpdateService's <c>Service</c>.</summary>
sealed record ServiceChange
{
    public string? Description { get; set; }
    public DnsConfigChange? DnsConfig { get; set; }
    public HealthCheckConfigInput? HealthCheckConfig { get; set; }
}

sealed record DnsConfigChange
{
    public List<DnsRecordShape?>? DnsRecords { get; set; }
}

/// <summary>A ListNamespaces, ListServices or ListOperations filter.</summary>
sealed record FilterInput
{
    public string? Name { get; set; }
    public List<string>? Values { get; set; }
    public string? Condition { get; set; }
}

sealed record OperationIdResponse(string OperationId);

sealed record NamespaceShape
{
    public required string Id { get; init; }
    public required string Arn { get; init; }
    public required string ResourceOwner { get; init; }
    public required string Name { get; init; }
    public required string Type { get; init; }
    public string? Description { get; init; }
    public int ServiceCount { get; init; }
    public required NamespacePropertiesShape Properties { get; init; }
    public DateTimeOffset CreateDate { get; init; }
    public string? CreatorRequestId { get; init; }
}

sealed record NamespacePropertiesShape(DnsPropertiesShape? DnsProperties, HttpPropertiesShape HttpProperties);

sealed record DnsPropertiesShape(string? HostedZoneId, SoaOut? SOA);

sealed record SoaOut(long TTL);

sealed record HttpPropertiesShape(string HttpName);

sealed record GetNamespaceResponse(NamespaceShape Namespace);

sealed record ListNamespacesResponse(List<NamespaceShape> Namespaces, string? NextToken);

sealed record ServiceShape
{
    public required string Id { get; init; }
    public required string Arn { get; init; }
    public required string ResourceOwner { get; init; }
    public required string Name { get; init; }
    public string? NamespaceId { get; init; }
    public string? Description { get; init; }
    public int InstanceCount { get; init; }
    public DnsConfigShape? DnsConfig { get; init; }
    public required string Type { get; init; }
    public HealthCheckCustomConfigShape? HealthCheckCustomConfig { get; init; }
    public DateTimeOffset CreateDate { get; init; }
    public string? CreatorRequestId { get; init; }
    public required string CreatedByAccount { get; init; }
}

sealed record DnsConfigShape(string NamespaceId, string RoutingPolicy, List<DnsRecordOut> DnsRecords);

sealed record DnsRecordOut(string Type, long TTL);

sealed record ServiceResponse(ServiceShape Service);

sealed record ListServicesResponse(List<ServiceShape> Services, string? NextToken);

sealed record InstanceShape(string Id, string? CreatorRequestId, Dictionary<string, string> Attributes, string CreatedByAccount);

sealed record GetInstanceResponse(string ResourceOwner, InstanceShape Instance);

sealed record InstanceSummaryShape(string Id, Dictionary<string, string> Attributes, string CreatedByAccount);

sealed record ListInstancesResponse(string ResourceOwner, List<InstanceSummaryShape> Instances, string? NextToken);

sealed record HttpInstanceSummary(string InstanceId, string NamespaceName, string ServiceName, string HealthStatus, Dictionary<string, string> Attributes);

sealed record DiscoverInstancesResponse(List<HttpInstanceSummary> Instances, long InstancesRevision);

sealed record DiscoverInstancesRevisionResponse(long InstancesRevision);

sealed record GetInstancesHealthStatusResponse(Dictionary<string, string> Status, string? NextToken);

sealed record OperationShape
{
    public required string Id { get; init; }
    public required string OwnerAccount { get; init; }
    public required string Type { get; init; }
    public required string Status { get; init; }
    public DateTimeOffset CreateDate { get; init; }
    public DateTimeOffset UpdateDate { get; init; }
    public required Dictionary<string, string> Targets { get; init; }
}

sealed record GetOperationResponse(OperationShape Operation);

sealed record OperationSummaryShape(string Id, string Status);

sealed record ListOperationsResponse(List<OperationSummaryShape> Operations, string? NextToken);

sealed record ListTagsForResourceResponse(List<Tag> Tags);

sealed record ServiceAttributesShape(string ServiceArn, string ResourceOwner, Dictionary<string, string> Attributes);

sealed record GetServiceAttributesResponse(ServiceAttributesShape ServiceAttributes);

sealed record DiscoveryEmpty;
