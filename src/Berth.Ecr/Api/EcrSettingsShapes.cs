using System.Text.Json;

namespace Berth.Ecr.Api;

// The shapes of the repository and registry settings ECR serves (scanning, policies, the registry), as in the botocore model.

public sealed record EcrSettingsRequest
{
    public string? RegistryId { get; set; }
    public string? RepositoryName { get; set; }
    public JsonElement? ImageScanningConfiguration { get; set; }
    public string? PolicyText { get; set; }
    public bool? Force { get; set; }
    public ImageIdentifier? ImageId { get; set; }
    public string? NextToken { get; set; }
    public int? MaxResults { get; set; }
}

public sealed record ScanningConfigurationResponse(string RegistryId, string RepositoryName, JsonElement ImageScanningConfiguration);

public sealed record RepositoryPolicyResponse(string RegistryId, string RepositoryName, string PolicyText);

public sealed record RegistryPolicyResponse(string RegistryId, string PolicyText);

public sealed record ReplicationConfiguration(List<JsonElement> Rules);

public sealed record DescribeRegistryResponse(string RegistryId, ReplicationConfiguration ReplicationConfiguration);

public sealed record ImageScanStatus(string Status, string Description);

public sealed record DescribeImageScanFindingsResponse(string RegistryId, string RepositoryName, ImageIdentifier ImageId, ImageScanStatus ImageScanStatus);

public sealed record StartImageScanResponse(string RegistryId, string RepositoryName, ImageIdentifier ImageId, ImageScanStatus ImageScanStatus);
