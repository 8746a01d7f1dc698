using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Tagging;

namespace Berth.CloudWatch.Api;

/// <summary>
/// What each CloudWatch request asks to do, as IAM sees it: alarm actions on the alarms' ARNs (every alarm,
/// <c>alarm:*</c>, when none is named), metric actions on all resources, PutMetricData with its namespace as the
/// <c>cloudwatch:namespace</c> condition key, request tags as <c>aws:RequestTag/…</c>.
/// </summary>
public sealed class CloudWatchAccess(Arns arns)
{
    public IReadOnlyList<AccessRequest> Alarms(string operation, IEnumerable<string?>? names, IReadOnlyCollection<Tag>? tags = null)
    {
        var list = names?.ToList();
        IReadOnlyList<string> resources = list is { Count: > 0 } ? [.. list.Select(n => arns.Alarm(n ?? ""))] : [arns.Alarm("*")];
        var context = new Dictionary<string, IReadOnlyList<string>>();
        context = RequestTagKeys.Add(tags?.Select(t => (t.Key, t.Value)), context);
        return [new($"cloudwatch:{operation}", resources) { Context = context }];
    }

    public static IReadOnlyList<AccessRequest> PutMetricData(string? ns) =>
        [new("cloudwatch:PutMetricData", AccessRequest.AllResources) { Context = new Dictionary<string, IReadOnlyList<string>> { ["cloudwatch:namespace"] = [ns ?? ""] } }];

    public static IReadOnlyList<AccessRequest> Resource(string operation, string? arn) => [new($"cloudwatch:{operation}", [arn ?? "*"])];
}
