using Berth.Kernel.Protocol;

namespace Berth.Ssm.Api;

/// <summary>The Parameter Store operations of Systems Manager (AWS JSON 1.1).</summary>
static class SsmOperations
{
    public const string Prefix = "AmazonSSM";

    public static readonly AwsService Service = new() { SigningName = "ssm", JsonTargetPrefix = Prefix };

    public static void Register(ServiceOperations ops, ParameterService parameters, ParameterReader reader, ParameterLabels labels, ParameterTags tags, SsmAccess a)
    {
        var j = SsmJson.Default;
        ops.Add("PutParameter", j.SsmRequest, j.PutParameterResponse, parameters.PutAsync,
            access: r => a.Parameter("PutParameter", r.Name, r.Tags));
        ops.Add("DeleteParameter", j.SsmRequest, j.SsmEmpty, async (r, ct) =>
        {
            await parameters.DeleteAsync(r.Name, ct);
            return new SsmEmpty();
        },
            access: r => a.Parameter("DeleteParameter", r.Name));
        ops.Add("DeleteParameters", j.SsmRequest, j.DeleteParametersResponse, (r, ct) => parameters.DeleteManyAsync(r.Names, ct),
            access: r => a.Parameters("DeleteParameters", r.Names ?? []));

        ops.Add("GetParameter", j.SsmRequest, j.GetParameterResponse, (r, ct) => reader.GetAsync(r.Name, r.WithDecryption == true, ct),
            access: r => a.Parameter("GetParameter", r.Name));
        ops.Add("GetParameters", j.SsmRequest, j.GetParametersResponse, (r, ct) => reader.GetManyAsync(r.Names, r.WithDecryption == true, ct),
            access: r => a.Parameters("GetParameters", r.Names ?? []));
        ops.Add("GetParametersByPath", j.SsmRequest, j.GetParametersByPathResponse, reader.ByPathAsync,
            access: r => a.Parameter("GetParametersByPath", r.Path));
        ops.Add("GetParameterHistory", j.SsmRequest, j.GetParameterHistoryResponse, reader.HistoryAsync,
            access: r => a.Parameter("GetParameterHistory", r.Name));
        ops.Add("DescribeParameters", j.SsmRequest, j.DescribeParametersResponse, reader.DescribeAsync);

        ops.Add("LabelParameterVersion", j.SsmRequest, j.LabelParameterVersionResponse, labels.LabelAsync,
            access: r => a.Parameter("LabelParameterVersion", r.Name));
        ops.Add("UnlabelParameterVersion", j.SsmRequest, j.UnlabelParameterVersionResponse, labels.UnlabelAsync,
            access: r => a.Parameter("UnlabelParameterVersion", r.Name));

        ops.Add("AddTagsToResource", j.SsmRequest, j.SsmEmpty, async (r, ct) =>
        {
            await tags.AddAsync(r, ct);
            return new SsmEmpty();
        },
            access: r => a.Resource("AddTagsToResource", r.ResourceType, r.ResourceId, r.Tags));
        ops.Add("RemoveTagsFromResource", j.SsmRequest, j.SsmEmpty, async (r, ct) =>
        {
            await tags.RemoveAsync(r, ct);
            return new SsmEmpty();
        },
            access: r => a.Resource("RemoveTagsFromResource", r.ResourceType, r.ResourceId));
        ops.Add("ListTagsForResource", j.SsmRequest, j.ListTagsForResourceResponse, tags.ListAsync,
            access: r => a.Resource("ListTagsForResource", r.ResourceType, r.ResourceId));
    }
}
