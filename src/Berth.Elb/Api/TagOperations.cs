using Berth.Kernel.Protocol;

namespace Berth.Elb.Api;

internal static class TagOperations
{
    public static void Register(ServiceOperations ops, ElbTags tags)
    {
        var j = ElbWireJson.Default;
        ops.Add("AddTags", j.AddTagsInput, j.ElbEmpty, async (r, ct) =>
        {
            await tags.AddAsync(r.ResourceArns, r.Tags, ct);
            return ElbOperations.None;
        },
            access: r => ElbAccess.On("AddTags", r.ResourceArns, r.Tags));
        ops.Add("RemoveTags", j.RemoveTagsInput, j.ElbEmpty, async (r, ct) =>
        {
            await tags.RemoveAsync(r.ResourceArns, r.TagKeys, ct);
            return ElbOperations.None;
        },
            access: r => ElbAccess.On("RemoveTags", r.ResourceArns));
        ops.Add("DescribeTags", j.DescribeTagsInput, j.DescribeTagsOutput, async (r, ct) =>
            new DescribeTagsOutput((await tags.DescribeAsync(r.ResourceArns, ct)).Select(d => new TagDescription(d.Arn, d.Tags)).ToList()));
    }
}
