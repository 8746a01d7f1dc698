using System.Text.Json.Serialization;
using Berth.Ecr.Api;
using Berth.Kernel.Json;

namespace Berth.Ecr;

/// <summary>ECR's JSON contracts, the same on the wire and in the store: camelCase, absent members left out, epoch-second times.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(Repository))]
[JsonSerializable(typeof(ImageRecord))]
[JsonSerializable(typeof(EcrRequest))]
[JsonSerializable(typeof(RepositoryResponse))]
[JsonSerializable(typeof(DescribeRepositoriesResponse))]
[JsonSerializable(typeof(MutabilityResponse))]
[JsonSerializable(typeof(AuthorizationResponse))]
[JsonSerializable(typeof(ListImagesResponse))]
[JsonSerializable(typeof(DescribeImagesResponse))]
[JsonSerializable(typeof(BatchGetImageResponse))]
[JsonSerializable(typeof(BatchDeleteImageResponse))]
[JsonSerializable(typeof(EcrTagsResponse))]
[JsonSerializable(typeof(EcrEmpty))]
[JsonSerializable(typeof(EcrLifecycleRequest))]
[JsonSerializable(typeof(LifecyclePolicyResponse))]
[JsonSerializable(typeof(StartLifecyclePolicyPreviewResponse))]
[JsonSerializable(typeof(GetLifecyclePolicyPreviewResponse))]
[JsonSerializable(typeof(EcrPushRequest))]
[JsonSerializable(typeof(PutImageResponse))]
[JsonSerializable(typeof(BatchCheckLayerAvailabilityResponse))]
[JsonSerializable(typeof(InitiateLayerUploadResponse))]
[JsonSerializable(typeof(UploadLayerPartResponse))]
[JsonSerializable(typeof(CompleteLayerUploadResponse))]
[JsonSerializable(typeof(GetDownloadUrlForLayerResponse))]
[JsonSerializable(typeof(EcrSettingsRequest))]
[JsonSerializable(typeof(ScanningConfigurationResponse))]
[JsonSerializable(typeof(RepositoryPolicyResponse))]
[JsonSerializable(typeof(RegistryPolicyResponse))]
[JsonSerializable(typeof(DescribeRegistryResponse))]
[JsonSerializable(typeof(DescribeImageScanFindingsResponse))]
[JsonSerializable(typeof(StartImageScanResponse))]
internal sealed partial class EcrJson : JsonSerializerContext;
