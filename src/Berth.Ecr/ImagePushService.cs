using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Berth.Kernel;
using Berth.Kernel.Auth;

namespace Berth.Ecr;

/// <summary>A manifest PutImage stored: its digest, the tag it was pushed under, and the media type it was stored as.</summary>
public sealed record PushedImage(string Digest, string? Tag, string MediaType);

/// <summary>A layer BatchCheckLayerAvailability found, or why it did not (the model's LayerFailureCode).</summary>
public sealed record LayerCheck(string Digest, long? Size, string? FailureCode, string? FailureReason);

/// <summary>
/// ECR's own push and pull API — PutImage, BatchCheckLayerAvailability, Initiate/UploadLayerPart/CompleteLayerUpload,
/// GetDownloadUrlForLayer — as AWS documents it, over the registry's content store (<see cref="IRegistryContent"/>),
/// which <c>/v2/</c> serves too: what one pushes the other pulls. Parameters are checked here, with the model's errors;
/// the content's refusals are named for the operation that met them.
/// </summary>
public sealed partial class ImagePushService(RepositoryService repos, IRegistryContent content, RegistryTokens tokens, RegistrySettings settings)
{
    /// <summary>The part size InitiateLayerUpload suggests (what ECR answers); parts may be up to <see cref="MaxPartBytes"/>.</summary>
    public const long PartSize = 10 * 1024 * 1024;

    /// <summary>The model's limit on layerPartBlob.</summary>
    public const int MaxPartBytes = 20 * 1024 * 1024;

    /// <summary>The model's limit on imageManifest.</summary>
    public const int MaxManifestLength = 4 * 1024 * 1024;

    const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    const string OciIndex = "application/vnd.oci.image.index.v1+json";
    static readonly string[] MediaTypes = [DockerManifest, DockerManifestList, OciManifest, OciIndex];

    string RegistryId => repos.RegistryId;

    public async Task<PushedImage> PutImageAsync(string? name, string? manifest, string? mediaType, string? tag, string? digest, CancellationToken ct)
    {
        await repos.RequireAsync(name, ct);
        if (string.IsNullOrEmpty(manifest))
            throw AwsException.InvalidParameter("imageManifest is required.");
        if (manifest.Length > MaxManifestLength)
            throw AwsException.InvalidParameter($"Invalid parameter at 'imageManifest' failed to satisfy constraint: 'Member must have length less than or equal to {MaxManifestLength}'.");
        if (tag is not null && !TagPattern().IsMatch(tag))
            throw AwsException.InvalidParameter($"Invalid parameter at 'imageTag' failed to satisfy constraint: 'must satisfy regular expression [a-zA-Z0-9_][a-zA-Z0-9._-]{{0,127}}' (got '{tag}').");
        if (digest is not null && !Sha256().IsMatch(digest))
            throw AwsException.InvalidParameter($"Invalid parameter at 'imageDigest' failed to satisfy constraint: 'must be a sha256 digest (sha256: and 64 lowercase hex digits)' (got '{digest}').");
        var bytes = Encoding.UTF8.GetBytes(manifest);
        var computed = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (digest is not null && digest != computed)
            throw new AwsException("ImageDigestDoesNotMatchException", $"Provided digest {digest} does not match the digest of the manifest ({computed}).");
        var type = ManifestMediaType(manifest, mediaType);
        ManifestPut put;
        try
        {
            put = await content.PutManifestAsync(name!, tag ?? computed, type, bytes, ct);
        }
        catch (RegistryContentException e)
        {
            throw e.Failure switch
            {
                RegistryFailure.TagImmutable => new AwsException("ImageTagAlreadyExistsException",
                    $"The image tag '{tag}' already exists in the '{name}' repository and cannot be overwritten because the repository is immutable."),
                RegistryFailure.BlobUnknown => new AwsException("LayersNotFoundException",
                    $"Layers with digests '[{e.Detail}]' required for pushing image into repository with name '{name}' in the registry with id '{RegistryId}' do not exist"),
                RegistryFailure.ReferencedManifestUnknown => new AwsException("ReferencedImagesNotFoundException",
                    $"The manifest list references an image with digest '{e.Detail}' that does not exist in the repository with name '{name}' in the registry with id '{RegistryId}'"),
                RegistryFailure.RepositoryUnknown => RepositoryNotFound(name!),
                _ => AwsException.InvalidParameter($"Invalid parameter at 'imageManifest' failed to satisfy constraint: '{e.Message}'."),
            };
        }
        if (!put.Changed)
            throw new AwsException("ImageAlreadyExistsException",
                $"Image with digest '{put.Digest}'{(tag is null ? "" : $" and tag '{tag}'")} already exists in the repository with name '{name}' in registry with id '{RegistryId}'");
        return new PushedImage(put.Digest, tag, type);
    }

    /// <summary>
    /// The media type a manifest is stored as: <c>imageManifestMediaType</c>, else the manifest's own <c>mediaType</c>,
    /// else (an OCI manifest may leave it out) an OCI index when it lists manifests and an OCI image manifest otherwise.
    /// Both given must agree; schema 1 manifests and other types are refused by name.
    /// </summary>
    public static string ManifestMediaType(string manifest, string? given)
    {
        string? declared = null;
        bool isIndex;
        try
        {
            using var doc = JsonDocument.Parse(manifest);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw AwsException.InvalidParameter("Invalid parameter at 'imageManifest' failed to satisfy constraint: 'the manifest must be a JSON object'.");
            if (root.TryGetProperty("schemaVersion", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var version) && version == 1)
                throw AwsException.InvalidParameter("Invalid parameter at 'imageManifest': Docker image manifest schema 1 is not supported by Berth (it is deprecated): push schema 2 or OCI manifests.");
            if (root.TryGetProperty("mediaType", out var m))
                declared = m.ValueKind == JsonValueKind.String ? m.GetString() : throw AwsException.InvalidParameter("Invalid parameter at 'imageManifest': mediaType must be a string.");
            isIndex = root.TryGetProperty("manifests", out _);
        }
        catch (JsonException)
        {
            throw AwsException.InvalidParameter("Invalid parameter at 'imageManifest' failed to satisfy constraint: 'Invalid JSON syntax'.");
        }
        if (given is not null && declared is not null && given != declared)
            throw AwsException.InvalidParameter($"Invalid parameter at 'imageManifestMediaType': '{given}' does not match the manifest's mediaType '{declared}'.");
        var type = given ?? declared ?? (isIndex ? OciIndex : OciManifest);
        if (!MediaTypes.Contains(type, StringComparer.Ordinal))
            throw AwsException.InvalidParameter($"Invalid parameter at 'imageManifestMediaType': '{type}' is not supported: use one of {string.Join(", ", MediaTypes)}.");
        return type;
    }

    public async Task<List<LayerCheck>> CheckLayersAsync(string? name, List<string>? digests, CancellationToken ct)
    {
        await repos.RequireAsync(name, ct);
        if (digests is not { Count: > 0 and <= 100 })
            throw AwsException.InvalidParameter("layerDigests must name between 1 and 100 digests.");
        var checks = new List<LayerCheck>();
        foreach (var digest in digests)
        {
            if (string.IsNullOrEmpty(digest))
            {
                checks.Add(new LayerCheck(digest ?? "", null, "MissingLayerDigest", "The layer digest is missing."));
                continue;
            }
            if (!Sha256().IsMatch(digest))
            {
                checks.Add(new LayerCheck(digest, null, "InvalidLayerDigest", "Invalid layer digest: use sha256: and 64 lowercase hex digits."));
                continue;
            }
            var layer = await content.LayerAsync(name!, digest, ct);
            checks.Add(layer is { Linked: true, Size: { } size }
                ? new LayerCheck(digest, size, null, null)
                : new LayerCheck(digest, null, "MissingLayerDigest", $"Could not find the layer with digest '{digest}' in the repository with name '{name}'."));
        }
        return checks;
    }

    /// <summary>Starts an upload; the id is shown as a UUID, as the model's UploadId pattern has it.</summary>
    public async Task<string> InitiateUploadAsync(string? name, CancellationToken ct)
    {
        await repos.RequireAsync(name, ct);
        try
        {
            return Guid.ParseExact(await content.StartUploadAsync(name!, ct), "N").ToString("D");
        }
        catch (RegistryContentException e) when (e.Failure == RegistryFailure.LimitExceeded)
        {
            throw new AwsException("LimitExceededException", e.Message);
        }
    }

    /// <summary>Appends a part; returns the last byte received. A part must start where the upload ends and span exactly its bytes.</summary>
    public async Task<long> UploadPartAsync(string? name, string? uploadId, long? first, long? last, byte[]? blob, CancellationToken ct)
    {
        await repos.RequireAsync(name, ct);
        var id = UploadKey(uploadId);
        if (first is null || last is null)
            throw AwsException.InvalidParameter("partFirstByte and partLastByte are required.");
        if (blob is null)
            throw AwsException.InvalidParameter("layerPartBlob is required.");
        if (first < 0 || last < 0)
            throw AwsException.InvalidParameter("Invalid parameter: partFirstByte and partLastByte must be at least 0.");
        if (blob.Length > MaxPartBytes)
            throw AwsException.InvalidParameter($"Invalid parameter at 'layerPartBlob' failed to satisfy constraint: 'Member must have length less than or equal to {MaxPartBytes}' (got {blob.Length} bytes).");
        try
        {
            var size = await content.UploadSizeAsync(name!, id, ct);
            if (blob.Length == 0 || first != size || last - first + 1 != blob.Length)
                throw InvalidPart(name!, uploadId!, size, first.Value, last.Value, blob.Length);
            return await content.UploadPartAsync(name!, id, first.Value, last.Value, blob, ct) - 1;
        }
        catch (RegistryContentException e)
        {
            throw e.Failure switch
            {
                RegistryFailure.UploadUnknown => UploadNotFound(name!, uploadId!),
                RegistryFailure.LimitExceeded => new AwsException("LimitExceededException", e.Message),
                // Another part got in first: the sizes checked above moved.
                RegistryFailure.RangeInvalid => InvalidPart(name!, uploadId!, await content.UploadSizeAsync(name!, id, ct), first.Value, last.Value, blob.Length),
                _ => new AwsException("InvalidLayerPartException", e.Message),
            };
        }
    }

    AwsException InvalidPart(string name, string uploadId, long size, long first, long last, int length) =>
        new("InvalidLayerPartException",
            $"The layer part {first}-{last} ({length} bytes) of upload '{uploadId}' in the repository with name '{name}' in registry with id '{RegistryId}' is not valid: "
            + $"a part must be {(length == 0 ? "non-empty" : "exactly partLastByte - partFirstByte + 1 bytes")} and start at byte {size}, right after the last valid byte received ({size - 1}).");

    /// <summary>Checks the upload's content against the digest and keeps it as a layer of the repository.</summary>
    public async Task<string> CompleteUploadAsync(string? name, string? uploadId, List<string>? digests, CancellationToken ct)
    {
        await repos.RequireAsync(name, ct);
        var id = UploadKey(uploadId);
        if (digests is not { Count: > 0 and <= 100 })
            throw AwsException.InvalidParameter("layerDigests must name between 1 and 100 digests.");
        if (digests.Count > 1)
            throw AwsException.InvalidParameter($"layerDigests names {digests.Count} digests: an upload is one layer, so Berth takes exactly one.");
        var digest = digests[0];
        if (digest is null || !DigestPattern().IsMatch(digest))
            throw AwsException.InvalidParameter($"Invalid parameter at 'layerDigests' failed to satisfy constraint: 'must satisfy regular expression [a-zA-Z0-9-_+.]+:[a-fA-F0-9]+' (got '{digest}').");
        if (!Sha256().IsMatch(digest))
            throw new AwsException("InvalidLayerException", $"The layer digest '{digest}' is not supported: Berth computes sha256 digests (sha256: and 64 lowercase hex digits).");
        try
        {
            if (await content.UploadSizeAsync(name!, id, ct) == 0)
                throw new AwsException("EmptyUploadException", $"The upload with id '{uploadId}' in the repository with name '{name}' in registry with id '{RegistryId}' has no layer parts.");
            var existed = (await content.LayerAsync(name!, digest, ct)) is { Linked: true, Size: not null };
            await content.CompleteUploadAsync(name!, id, digest, ct);
            if (existed)
                throw new AwsException("LayerAlreadyExistsException", $"The layer with digest '{digest}' already exists in the repository with name '{name}' in registry with id '{RegistryId}'.");
            return digest;
        }
        catch (RegistryContentException e)
        {
            throw e.Failure switch
            {
                RegistryFailure.UploadUnknown => UploadNotFound(name!, uploadId!),
                RegistryFailure.DigestMismatch => new AwsException("InvalidLayerException",
                    $"The layer digest calculation performed by Berth upon receipt of the image layer does not match the digest specified ({digest}; {e.Detail})."),
                _ => new AwsException("InvalidLayerException", e.Message),
            };
        }
    }

    /// <summary>
    /// A URL that downloads the layer with a plain GET and no credentials, like ECR's presigned S3 URLs: the registry's
    /// blob URL carrying a token signed by this Berth, good for that one blob for <see cref="RegistryTokens.DownloadLifetime"/>
    /// and authorized at use as the caller who asked for it.
    /// </summary>
    public async Task<string> DownloadUrlAsync(string? name, string? digest, CancellationToken ct)
    {
        await repos.RequireAsync(name, ct);
        if (digest is null || !DigestPattern().IsMatch(digest))
            throw AwsException.InvalidParameter($"Invalid parameter at 'layerDigest' failed to satisfy constraint: 'must satisfy regular expression [a-zA-Z0-9-_+.]+:[a-fA-F0-9]+' (got '{digest}').");
        var layer = Sha256().IsMatch(digest) ? await content.LayerAsync(name!, digest, ct) : new LayerState(false, null);
        if (!layer.Linked)
            throw new AwsException("LayersNotFoundException", $"The image layer '{digest}' does not exist in the repository with name '{name}' in the registry with id '{RegistryId}'.");
        if (layer.Size is null)
            throw new AwsException("LayerInaccessibleException", $"The image layer '{digest}' of the repository with name '{name}' is recorded but its content is gone from the registry's store.");
        var (token, _) = tokens.Issue(Caller.Required, RegistryTokens.DownloadScope(name!, digest), RegistryTokens.DownloadLifetime);
        return $"{settings.ProxyEndpoint.TrimEnd('/')}/v2/{name}/blobs/{digest}?{RegistryTokens.DownloadTokenParameter}={Uri.EscapeDataString(token)}";
    }

    /// <summary>The content store's id of an upload (32 hex digits) from the UUID the API shows.</summary>
    static string UploadKey(string? uploadId) =>
        uploadId is not null && UploadIdPattern().IsMatch(uploadId)
            ? uploadId.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant()
            : throw AwsException.InvalidParameter($"Invalid parameter at 'uploadId' failed to satisfy constraint: 'must satisfy regular expression [0-9a-fA-F]{{8}}-[0-9a-fA-F]{{4}}-[0-9a-fA-F]{{4}}-[0-9a-fA-F]{{4}}-[0-9a-fA-F]{{12}}' (got '{uploadId}').");

    AwsException UploadNotFound(string name, string uploadId) =>
        new("UploadNotFoundException", $"The upload with id '{uploadId}' does not exist in the repository with name '{name}' in registry with id '{RegistryId}' (it was completed, or it expired).");

    AwsException RepositoryNotFound(string name) =>
        new("RepositoryNotFoundException", $"The repository with name '{name}' does not exist in the registry with id '{RegistryId}'");

    [GeneratedRegex("^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("^sha256:[a-f0-9]{64}$")]
    private static partial Regex Sha256();

    [GeneratedRegex("^[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+$")]
    private static partial Regex DigestPattern();

    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial Regex UploadIdPattern();
}
