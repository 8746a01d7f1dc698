namespace Berth.Ecr.Registry.Http;

/// <summary>
/// The ECR action each <c>/v2/</c> request is, as ECR authorizes the registry API: pulls are BatchGetImage (manifests)
/// and GetDownloadUrlForLayer (blobs), pushes InitiateLayerUpload, UploadLayerPart, CompleteLayerUpload and PutImage,
/// a blob's existence check BatchCheckLayerAvailability, deletion BatchDeleteImage, the tag list ListImages.
/// </summary>
internal static class RegistryAccess
{
    public static string? Action(RouteKind kind, string method) => (kind, method.ToUpperInvariant()) switch
    {
        (RouteKind.Manifest, "GET" or "HEAD") => "ecr:BatchGetImage",
        (RouteKind.Manifest, "PUT") => "ecr:PutImage",
        (RouteKind.Manifest, "DELETE") => "ecr:BatchDeleteImage",
        (RouteKind.Blob, "GET") => "ecr:GetDownloadUrlForLayer",
        (RouteKind.Blob, "HEAD") => "ecr:BatchCheckLayerAvailability",
        (RouteKind.Blob, "DELETE") => "ecr:BatchDeleteImage",
        (RouteKind.Uploads, _) => "ecr:InitiateLayerUpload",
        (RouteKind.Upload, "PUT") => "ecr:CompleteLayerUpload",
        (RouteKind.Upload, _) => "ecr:UploadLayerPart",
        (RouteKind.TagsList, _) => "ecr:ListImages",
        (RouteKind.Referrers, _) => "ecr:BatchGetImage",
        _ => null,
    };
}
