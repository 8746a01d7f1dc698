using Berth.Kernel;
using Berth.Kernel.Protocol;

namespace Berth.Ecr.Api;

/// <summary>The ECR lifecycle policy operations: put, get and delete a repository's policy, and preview what it expires.</summary>
public static class EcrLifecycleOperations
{
    public static void Register(ServiceOperations ops, RepositoryService repos, LifecyclePolicies policies)
    {
        var a = new EcrAccess(repos);
        var j = EcrJson.Default;

        ops.Add("PutLifecyclePolicy", j.EcrLifecycleRequest, j.LifecyclePolicyResponse, async (r, ct) =>
        {
            var repo = await policies.PutAsync(r.RepositoryName, r.LifecyclePolicyText, ct);
            return new LifecyclePolicyResponse(repos.RegistryId, repo.RepositoryName!, repo.LifecyclePolicyText!, null);
        }, access: r => a.Repository("PutLifecyclePolicy", r.RepositoryName));
        ops.Add("GetLifecyclePolicy", j.EcrLifecycleRequest, j.LifecyclePolicyResponse, async (r, ct) =>
        {
            var (text, lastEvaluatedAt) = await policies.GetAsync(r.RepositoryName, ct);
            return new LifecyclePolicyResponse(repos.RegistryId, r.RepositoryName!, text, lastEvaluatedAt);
        }, access: r => a.Repository("GetLifecyclePolicy", r.RepositoryName));
        ops.Add("DeleteLifecyclePolicy", j.EcrLifecycleRequest, j.LifecyclePolicyResponse, async (r, ct) =>
        {
            var (text, lastEvaluatedAt) = await policies.DeleteAsync(r.RepositoryName, ct);
            return new LifecyclePolicyResponse(repos.RegistryId, r.RepositoryName!, text, lastEvaluatedAt);
        }, access: r => a.Repository("DeleteLifecyclePolicy", r.RepositoryName));
        ops.Add("StartLifecyclePolicyPreview", j.EcrLifecycleRequest, j.StartLifecyclePolicyPreviewResponse, async (r, ct) =>
        {
            var preview = await policies.StartPreviewAsync(r.RepositoryName, r.LifecyclePolicyText, ct);
            return new StartLifecyclePolicyPreviewResponse(repos.RegistryId, preview.RepositoryName, preview.LifecyclePolicyText, preview.Status);
        }, access: r => a.Repository("StartLifecyclePolicyPreview", r.RepositoryName));
        ops.Add("GetLifecyclePolicyPreview", j.EcrLifecycleRequest, j.GetLifecyclePolicyPreviewResponse, async (r, ct) =>
        {
            var preview = await policies.GetPreviewAsync(r.RepositoryName, ct);
            var status = r.Filter?.TagStatus switch
            {
                null or "ANY" => "ANY",
                "TAGGED" or "UNTAGGED" => r.Filter.TagStatus,
                _ => throw AwsException.InvalidParameter($"tagStatus '{r.Filter.TagStatus}' is not valid: use TAGGED, UNTAGGED or ANY."),
            };
            var results = preview.Results
                .Where(e => status == "ANY" || (status == "TAGGED") == (e.Image.Tags.Count > 0))
                .ToList();
            string? next = null;
            if (r.ImageIds is not null)
            {
                if (r.ImageIds.Count is 0 or > 100)
                    throw AwsException.InvalidParameter("imageIds must name between 1 and 100 images.");
                if (r.NextToken is not null || r.MaxResults is not null)
                    throw AwsException.InvalidParameter("nextToken and maxResults cannot be used with imageIds.");
                results = results.Where(e => r.ImageIds.Any(id =>
                        (id.ImageDigest is not null || id.ImageTag is not null)
                        && (id.ImageDigest is null || id.ImageDigest == e.Image.Digest)
                        && (id.ImageTag is null || e.Image.Tags.Contains(id.ImageTag))))
                    .ToList();
            }
            else
            {
                var limit = Paging.Limit(r.MaxResults, 100, 100);
                var listing = $"lifecycle-preview|{r.RepositoryName}|{status}|{preview.EvaluatedAt.ToUnixTimeMilliseconds()}";
                var offset = Paging.Decode(r.NextToken, listing);
                var all = results.Count;
                results = results.Skip(offset).Take(limit).ToList();
                next = offset + results.Count < all ? Paging.Encode(offset + results.Count, results.Count, limit, listing) : null;
            }
            var page = results.Select(e => new LifecyclePolicyPreviewResult
            {
                ImageTags = e.Image.Tags.Order(StringComparer.Ordinal).ToList(),
                ImageDigest = e.Image.Digest,
                ImagePushedAt = e.Image.PushedAt,
                Action = new LifecyclePolicyRuleAction { Type = "EXPIRE" },
                AppliedRulePriority = e.Rule.RulePriority,
            }).ToList();
            return new GetLifecyclePolicyPreviewResponse
            {
                RegistryId = repos.RegistryId,
                RepositoryName = preview.RepositoryName,
                LifecyclePolicyText = preview.LifecyclePolicyText,
                Status = preview.Status,
                NextToken = next,
                PreviewResults = page,
                Summary = new LifecyclePolicyPreviewSummary { ExpiringImageTotalCount = preview.Results.Count },
            };
        }, access: r => a.Repository("GetLifecyclePolicyPreview", r.RepositoryName));
    }
}

public sealed record EcrLifecycleRequest
{
    public string? RegistryId { get; set; }
    public string? RepositoryName { get; set; }
    public string? LifecyclePolicyText { get; set; }
    public List<ImageIdentifier>? ImageIds { get; set; }
    public string? NextToken { get; set; }
    public int? MaxResults { get; set; }
    public ImageFilter? Filter { get; set; }
}

public sealed record LifecyclePolicyResponse(string RegistryId, string RepositoryName, string LifecyclePolicyText, DateTimeOffset? LastEvaluatedAt);

public sealed record StartLifecyclePolicyPreviewResponse(string RegistryId, string RepositoryName, string LifecyclePolicyText, string Status);

public sealed record LifecyclePolicyRuleAction
{
    public string? Type { get; set; }
}

public sealed record LifecyclePolicyPreviewResult
{
    public List<string>? ImageTags { get; set; }
    public string? ImageDigest { get; set; }
    public DateTimeOffset ImagePushedAt { get; set; }
    public LifecyclePolicyRuleAction? Action { get; set; }
    public int AppliedRulePriority { get; set; }
}

public sealed record LifecyclePolicyPreviewSummary
{
    public int ExpiringImageTotalCount { get; set; }
}

public sealed record GetLifecyclePolicyPreviewResponse
{
    public string? RegistryId { get; set; }
    public string? RepositoryName { get; set; }
    public string? LifecyclePolicyText { get; set; }
    public string? Status { get; set; }
    public string? NextToken { get; set; }
    public List<LifecyclePolicyPreviewResult>? PreviewResults { get; set; }
    public LifecyclePolicyPreviewSummary? Summary { get; set; }
}
