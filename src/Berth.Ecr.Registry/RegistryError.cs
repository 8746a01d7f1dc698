namespace Berth.Ecr.Registry;

/// <summary>An error in the OCI distribution shape: a code from the spec's table, its HTTP status, a message.</summary>
internal sealed class RegistryException(int status, string code, string message, string? detail = null) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public string? Detail { get; } = detail;

    /// <summary>A TAG_INVALID that is an immutable tag held by another manifest (ECR's ImageTagAlreadyExistsException).</summary>
    public bool TagImmutable { get; init; }
}

/// <summary>The spec's error codes with the statuses the reference registry gives them.</summary>
internal static class RegistryErrors
{
    public static RegistryException BlobUnknown(string digest) => new(404, "BLOB_UNKNOWN", "blob unknown to registry", digest);
    public static RegistryException BlobUploadInvalid(string message) => new(400, "BLOB_UPLOAD_INVALID", message);
    public static RegistryException BlobUploadUnknown(string id) => new(404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry", id);
    public static RegistryException DigestInvalid(string message, string? detail = null) => new(400, "DIGEST_INVALID", message, detail);
    public static RegistryException ManifestBlobUnknown(string digest) => new(400, "MANIFEST_BLOB_UNKNOWN", "manifest references a blob unknown to the repository", digest);
    public static RegistryException ManifestInvalid(string message) => new(400, "MANIFEST_INVALID", message);
    public static RegistryException ManifestUnknown(string reference) => new(404, "MANIFEST_UNKNOWN", "manifest unknown to registry", reference);
    public static RegistryException IndexEntryUnknown(string digest) => new(400, "MANIFEST_UNKNOWN", "index references a manifest unknown to the repository", digest);
    public static RegistryException NameInvalid(string name) => new(400, "NAME_INVALID", "invalid repository name", name);
    public static RegistryException NameUnknown(string name) =>
        new(404, "NAME_UNKNOWN", $"The repository with name '{name}' does not exist in the registry.", name);
    public static RegistryException SizeInvalid(string message) => new(400, "SIZE_INVALID", message);
    public static RegistryException TooLarge(string message) => new(413, "SIZE_INVALID", message);
    public static RegistryException TagInvalid(string message, string? detail = null) => new(400, "TAG_INVALID", message, detail);
    public static RegistryException Unauthorized() => new(401, "UNAUTHORIZED", "authentication required", "HTTP Basic with user AWS and a token from ecr:GetAuthorizationToken");
    public static RegistryException Denied(string message) => new(403, "DENIED", message);
    public static RegistryException Unsupported(string message) => new(405, "UNSUPPORTED", message);
    public static RegistryException NotFound() => new(404, "NAME_UNKNOWN", "no such registry endpoint");
    public static RegistryException TagImmutable(string message, string tag) => new(400, "TAG_INVALID", message, tag) { TagImmutable = true };
    public static RegistryException TooManyUploads(int limit) =>
        new(429, "TOOMANYREQUESTS", $"too many blob uploads in progress (the registry allows {limit} at once): finish or cancel some, or wait for idle ones to expire");
    public static RegistryException DiskFull(long reserve) =>
        new(507, "BLOB_UPLOAD_INVALID", $"the registry's disk is nearly full: an upload may not leave less than {reserve} bytes free");
    public static RegistryException RangeInvalid(string message) => new(416, "BLOB_UPLOAD_INVALID", message);
}
