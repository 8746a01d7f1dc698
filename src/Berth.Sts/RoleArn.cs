namespace Berth.Sts;

/// <summary>A role's ARN taken apart: <c>arn:PARTITION:iam::ACCOUNT:role/PATH/NAME</c>.</summary>
internal sealed record RoleArn(string Account, string Name)
{
    public static RoleArn? Parse(string arn)
    {
        var parts = arn.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[1].Length == 0 || parts[2] != "iam" || parts[3].Length != 0 || parts[4].Length == 0
            || !parts[5].StartsWith("role/", StringComparison.Ordinal) || parts[5].EndsWith('/'))
        {
            return null;
        }
        return new RoleArn(parts[4], parts[5][(parts[5].LastIndexOf('/') + 1)..]);
    }
}
