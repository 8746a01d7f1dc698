using Berth.Kernel.Protocol;

namespace Berth.Iam.Api;

/// <summary>Managed policies (the account's and AWS's), their versions and tags, and the account's authorization details.</summary>
internal static class PolicyOperations
{
    public static void Register(ServiceOperations ops, IamServices iam, IamAccess a)
    {
        var j = IamWireJson.Default;
        var none = IamOperations.None;
        ops.Add("CreatePolicy", j.CreatePolicyInput, j.PolicyResponse, async (r, ct) =>
            new PolicyResponse(PolicyShape.From(await iam.Policies.CreateAsync(r.PolicyName, r.Path, r.PolicyDocument, r.Description, r.Tags, ct), description: false, tags: true)),
            access: r => a.NewPolicy("CreatePolicy", r.Path, r.PolicyName, r.Tags));
        ops.Add("GetPolicy", j.PolicyArnInput, j.PolicyResponse, async (r, ct) =>
            new PolicyResponse(PolicyShape.From(await iam.Policies.GetAsync(r.PolicyArn, ct), description: true, tags: true)),
            access: r => a.Policy("GetPolicy", r.PolicyArn));
        ops.Add("ListPolicies", j.ListPoliciesInput, j.ListPoliciesResponse, async (r, ct) =>
        {
            var page = await iam.Policies.ListAsync(r.Scope, r.OnlyAttached, r.PathPrefix, r.PolicyUsageFilter, r.Marker, r.MaxItems, ct);
            return new ListPoliciesResponse([.. page.Items.Select(p => PolicyShape.From(p, description: false, tags: false))], page.IsTruncated, page.Marker);
        });
        ops.Add("DeletePolicy", j.PolicyArnInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.Policies.DeleteAsync(r.PolicyArn, ct);
            return none;
        },
            access: r => a.Policy("DeletePolicy", r.PolicyArn));
        ops.Add("GetPolicyVersion", j.PolicyVersionInput, j.PolicyVersionResponse, async (r, ct) =>
            new PolicyVersionResponse(PolicyVersionShape.From(await iam.Policies.GetVersionAsync(r.PolicyArn, r.VersionId, ct))),
            access: r => a.Policy("GetPolicyVersion", r.PolicyArn));
        ops.Add("CreatePolicyVersion", j.CreatePolicyVersionInput, j.PolicyVersionResponse, async (r, ct) =>
            new PolicyVersionResponse(PolicyVersionShape.From(await iam.Policies.CreateVersionAsync(r.PolicyArn, r.PolicyDocument, r.SetAsDefault, ct)) with { Document = null }),
            access: r => a.Policy("CreatePolicyVersion", r.PolicyArn));
        ops.Add("ListPolicyVersions", j.PolicyListInput, j.ListPolicyVersionsResponse, async (r, ct) =>
        {
            var page = await iam.Policies.ListVersionsAsync(r.PolicyArn, r.Marker, r.MaxItems, ct);
            return new ListPolicyVersionsResponse([.. page.Items.Select(PolicyVersionShape.From)], page.IsTruncated, page.Marker);
        },
            access: r => a.Policy("ListPolicyVersions", r.PolicyArn));
        ops.Add("DeletePolicyVersion", j.PolicyVersionInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.Policies.DeleteVersionAsync(r.PolicyArn, r.VersionId, ct);
            return none;
        },
            access: r => a.Policy("DeletePolicyVersion", r.PolicyArn));
        ops.Add("SetDefaultPolicyVersion", j.PolicyVersionInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.Policies.SetDefaultVersionAsync(r.PolicyArn, r.VersionId, ct);
            return none;
        },
            access: r => a.Policy("SetDefaultPolicyVersion", r.PolicyArn));
        ops.Add("TagPolicy", j.TagPolicyInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.Policies.TagAsync(r.PolicyArn, r.Tags, ct);
            return none;
        },
            access: r => a.Policy("TagPolicy", r.PolicyArn, r.Tags));
        ops.Add("UntagPolicy", j.UntagPolicyInput, j.IamEmpty, async (r, ct) =>
        {
            await iam.Policies.UntagAsync(r.PolicyArn, r.TagKeys, ct);
            return none;
        },
            access: r => a.Policy("UntagPolicy", r.PolicyArn));
        ops.Add("ListPolicyTags", j.PolicyListInput, j.TagsResponse, async (r, ct) =>
        {
            var page = await iam.Policies.ListTagsAsync(r.PolicyArn, r.Marker, r.MaxItems, ct);
            return new TagsResponse(page.Items, page.IsTruncated, page.Marker);
        },
            access: r => a.Policy("ListPolicyTags", r.PolicyArn));
        ops.Add("GetAccountAuthorizationDetails", j.AuthorizationDetailsInput, j.AuthorizationDetailsResponse, async (r, ct) =>
            AuthorizationDetailsResponse.From(await iam.Details.ListAsync(r.Filter, r.Marker, r.MaxItems, ct)));
    }
}
