using Berth.Kernel.Protocol;

namespace Berth.Ssm.Api;

/// <summary>The Parameter Store operations of Systems Manager (AWS JSON 1.1).</summary>
static class SsmOperations
{
    public const string Prefix = "AmazonSSM";

    public static readonly AwsService Service = new() { SigningName = "ssm", JsonTargetPrefix = Prefix };

    public static void Register(ServiceOperations ops, ParameterService parameters, ParameterReader reader, ParameterLabels labels, ParameterTags tags)
    {
        var j = SsmJson.Default;
        ops.Add("PutParameter", j.SsmRequest, j.PutParameterResponse, parameters.PutAsync);
        ops.Add("DeleteParameter", j.SsmRequest, j.SsmEmpty, async (r, ct) =>
        {
            await parameters.DeleteAsync(r.Name, ct);
            return new SsmEmpty();
        });
        ops.Add("DeleteParameters", j.SsmRequest, j.DeleteParametersResponse, (r, ct) => parameters.DeleteManyAsync(r.Names, ct));

        ops.Add("GetParameter", j.SsmRequest, j.GetParameterResponse, (r, ct) => reader.GetAsync(r.Name, r.WithDecryption == true, ct));
        ops.Add("GetParameters", j.SsmRequest, j.GetParametersResponse, (r, ct) => reader.GetManyAsync(r.Names, r.WithDecryption == true, ct));
        ops.Add("GetParametersByPath", j.SsmRequest, j.GetParametersByPathResponse, reader.ByPathAsync);
        ops.Add("GetParameterHistory", j.SsmRequest, j.GetParameterHistoryResponse, reader.HistoryAsync);
        ops.Add("DescribeParameters", j.SsmRequest, j.DescribeParametersResponse, reader.DescribeAsync);

        ops.Add("LabelParameterVersion", j.SsmRequest, j.LabelParameterVersionResponse, labels.LabelAsync);
        ops.Add("UnlabelParameterVersion", j.SsmRequest, j.UnlabelParameterVersionResponse, labels.UnlabelAsync);

        ops.Add("AddTagsToResource", j.SsmRequest, j.SsmEmpty, async (r, ct) =>
        {
            await tags.AddAsync(r, ct);
            return new SsmEmpty();
        });
        ops.Add("RemoveTagsFromResource", j.SsmRequest, j.SsmEmpty, async (r, ct) =>
        {
            await tags.RemoveAsync(r, ct);
            return new SsmEmpty();
        });
        ops.Add("ListTagsForResource", j.SsmRequest, j.ListTagsForResourceResponse, tags.ListAsync);
    }
}
