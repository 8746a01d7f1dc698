using Berth.Kernel.Protocol;

namespace Berth.Elb.Api;

internal static class TagOperations
{
    public static void Register(ServiceOperations ops, ElbTags tags)
    {
        ops.AddHandWrittenQuery("AddTags", async (q, ct) =>
        {
            await tags.AddAsync(q.Strings("ResourceArns"), ElbInput.Tags(q), ct);
            return ElbOperations.Empty;
        });
        ops.AddHandWrittenQuery("RemoveTags", async (q, ct) =>
        {
            await tags.RemoveAsync(q.Strings("ResourceArns"), q.Strings("TagKeys"), ct);
            return ElbOperations.Empty;
        });
        ops.AddHandWrittenQuery("DescribeTags", async (q, ct) =>
        {
            var found = await tags.DescribeAsync(q.Strings("ResourceArns"), ct);
            return w => w.List("TagDescriptions", found, d =>
            {
                w.Value("ResourceArn", d.Arn);
                ElbXml.Tags(w, d.Tags);
            });
        });
    }
}
