using Berth.Kernel.Tagging;

namespace Berth.Elb.Api;

// AddTags, RemoveTags and DescribeTags on the wire, members as in the botocore model.

internal sealed record AddTagsInput
{
    public List<string>? ResourceArns { get; set; }
    public List<Tag>? Tags { get; set; }
}

internal sealed record RemoveTagsInput
{
    public List<string>? ResourceArns { get; set; }
    public List<string>? TagKeys { get; set; }
}

internal sealed record DescribeTagsInput
{
    public List<string>? ResourceArns { get; set; }
}

internal sealed record DescribeTagsOutput(List<TagDescription> TagDescriptions);

internal sealed record TagDescription(string ResourceArn, List<Tag> Tags);
