using Berth.Kernel.Tagging;

namespace Berth.Ssm.Api;

// Request and response shapes of the Parameter Store operations, named as in the botocore model (PascalCase).

/// <summary>Every member any Parameter Store request has; each operation reads the ones it defines.</summary>
sealed record SsmRequest
{
    public string? Name { get; set; }
    public List<string>? Names { get; set; }
    public string? Value { get; set; }
    public string? Type { get; set; }
    public string? Description { get; set; }
    public string? KeyId { get; set; }
    public bool? Overwrite { get; set; }
    public string? AllowedPattern { get; set; }
    public List<Tag>? Tags { get; set; }
    public string? Tier { get; set; }
    public string? Policies { get; set; }
    public string? DataType { get; set; }
    public bool? WithDecryption { get; set; }
    public string? Path { get; set; }
    public bool? Recursive { get; set; }
    public List<ParameterStringFilter>? ParameterFilters { get; set; }
    public List<ParametersFilter>? Filters { get; set; }
    public int? MaxResults { get; set; }
    public string? NextToken { get; set; }
    public bool? Shared { get; set; }
    public long? ParameterVersion { get; set; }
    public List<string>? Labels { get; set; }
    public string? ResourceType { get; set; }
    public string? ResourceId { get; set; }
    public List<string>? TagKeys { get; set; }
}

sealed record ParameterStringFilter
{
    public string? Key { get; set; }
    public string? Option { get; set; }
    public List<string>? Values { get; set; }
}

/// <summary>DescribeParameters' older filter form (Name, Type, KeyId).</summary>
sealed record ParametersFilter
{
    public string? Key { get; set; }
    public List<string>? Values { get; set; }
}

/// <summary>A parameter with its value (GetParameter, GetParameters, GetParametersByPath).</summary>
sealed record SsmParameter
{
    public required string Name { get; init; }
    public required string Type { get; init; }
    public required string Value { get; init; }
    public long Version { get; init; }
    public string? Selector { get; init; }
    public DateTimeOffset LastModifiedDate { get; init; }
    public required string ARN { get; init; }
    public required string DataType { get; init; }
}

/// <summary>A parameter without its value (DescribeParameters).</summary>
sealed record ParameterMetadata
{
    public required string Name { get; init; }
    public required string ARN { get; init; }
    public required string Type { get; init; }
    public string? KeyId { get; init; }
    public DateTimeOffset LastModifiedDate { get; init; }
    public string? Description { get; init; }
    public string? AllowedPattern { get; init; }
    public long Version { get; init; }
    public required string Tier { get; init; }
    public List<string> Policies { get; init; } = [];
    public required string DataType { get; init; }
}

/// <summary>One version in GetParameterHistory.</summary>
sealed record ParameterHistoryEntry
{
    public required string Name { get; init; }
    public required string Type { get; init; }
    public string? KeyId { get; init; }
    public DateTimeOffset LastModifiedDate { get; init; }
    public string? Description { get; init; }
    public required string Value { get; init; }
    public string? AllowedPattern { get; init; }
    public long Version { get; init; }
    public List<string> Labels { get; init; } = [];
    public required string Tier { get; init; }
    public List<string> Policies { get; init; } = [];
    public required string DataType { get; init; }
}

sealed record PutParameterResponse(long Version, string Tier);

sealed record GetParameterResponse(SsmParameter Parameter);

sealed record GetParametersResponse(List<SsmParameter> Parameters, List<string> InvalidParameters);

sealed record GetParametersByPathResponse(List<SsmParameter> Parameters, string? NextToken);

sealed record DescribeParametersResponse(List<ParameterMetadata> Parameters, string? NextToken);

sealed record GetParameterHistoryResponse(List<ParameterHistoryEntry> Parameters, string? NextToken);

sealed record DeleteParametersResponse(List<string> DeletedParameters, List<string> InvalidParameters);

sealed record LabelParameterVersionResponse(List<string>? InvalidLabels, long ParameterVersion);

sealed record UnlabelParameterVersionResponse(List<string> RemovedLabels, List<string> InvalidLabels);

sealed record ListTagsForResourceResponse(List<Tag> TagList);

sealed record SsmEmpty;
