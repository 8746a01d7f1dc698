using Berth.Logs.Tags;

namespace Berth.Logs.Api;

/// <summary>DeleteLogStream, retention policies and tags (by ARN and, the older way, by group name).</summary>
public static class LogsGroupOperations
{
    public static void Register(Kernel.Protocol.ServiceOperations ops, LogGroupLifecycle groups, LogGroupTags tags, LogsAccess a)
    {
        var j = LogsGroupJson.Default;
        ops.Add("DeleteLogStream", j.DeleteLogStreamRequest, j.NoContent, async (r, ct) =>
        {
            await groups.DeleteStreamAsync(r.LogGroupName, r.LogStreamName, ct);
            return new NoContent();
        }, access: r => a.Stream("DeleteLogStream", r.LogGroupName, r.LogStreamName));
        ops.Add("PutRetentionPolicy", j.RetentionPolicyRequest, j.NoContent, async (r, ct) =>
        {
            await groups.PutRetentionAsync(r.LogGroupName, r.RetentionInDays, ct);
            return new NoContent();
        }, access: r => a.Group("PutRetentionPolicy", r.LogGroupName));
        ops.Add("DeleteRetentionPolicy", j.RetentionPolicyRequest, j.NoContent, async (r, ct) =>
        {
            await groups.DeleteRetentionAsync(r.LogGroupName, ct);
            return new NoContent();
        }, access: r => a.Group("DeleteRetentionPolicy", r.LogGroupName));

        ops.Add("TagResource", j.ResourceTagsRequest, j.NoContent, async (r, ct) =>
        {
            await tags.TagAsync(tags.GroupOf(r.ResourceArn), r.Tags, "TooManyTagsException", ct);
            return new NoContent();
        }, access: r => a.Arn("TagResource", r.ResourceArn));
        ops.Add("UntagResource", j.ResourceTagsRequest, j.NoContent, async (r, ct) =>
        {
            await tags.UntagAsync(tags.GroupOf(r.ResourceArn), r.TagKeys, atLeastOne: false, ct);
            return new NoContent();
        }, access: r => a.Arn("UntagResource", r.ResourceArn));
        ops.Add("ListTagsForResource", j.ResourceTagsRequest, j.TagsResponse, async (r, ct) =>
            new TagsResponse(await tags.ListAsync(tags.GroupOf(r.ResourceArn), ct)),
            access: r => a.Arn("ListTagsForResource", r.ResourceArn));

        ops.Add("TagLogGroup", j.TagLogGroupRequest, j.NoContent, async (r, ct) =>
        {
            await tags.TagAsync(r.LogGroupName ?? "", r.Tags, "InvalidParameterException", ct);
            return new NoContent();
        }, access: r => a.Group("TagLogGroup", r.LogGroupName));
        ops.Add("UntagLogGroup", j.UntagLogGroupRequest, j.NoContent, async (r, ct) =>
        {
            await tags.UntagAsync(r.LogGroupName ?? "", r.Tags, atLeastOne: true, ct);
            return new NoContent();
        }, access: r => a.Group("UntagLogGroup", r.LogGroupName));
        ops.Add("ListTagsLogGroup", j.UntagLogGroupRequest, j.TagsResponse, async (r, ct) =>
            new TagsResponse(await tags.ListAsync(r.LogGroupName ?? "", ct)),
            access: r => a.Group("ListTagsLogGroup", r.LogGroupName));
    }
}
