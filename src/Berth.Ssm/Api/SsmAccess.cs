using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Tagging;

namespace Berth.Ssm.Api;

/// <summary>
/// What each Parameter Store request asks to do, as IAM sees it: each parameter named by its ARN
/// (<c>arn:aws:ssm:REGION:ACCOUNT:parameter/NAME</c>, leading slash dropped; a <c>:version</c> or <c>:label</c>
/// selector is not part of it), the path for GetParametersByPath, request tags.
/// </summary>
sealed class SsmAccess(Arns arns)
{
    public IReadOnlyList<AccessRequest> Parameters(string operation, IEnumerable<string?> names, List<Tag>? tags = null)
    {
        var context = new Dictionary<string, IReadOnlyList<string>>();
        context = RequestTagKeys.Add(tags?.Select(t => (t.Key, t.Value)), context);
        IReadOnlyList<string> resources = [.. names.Select(Arn).Distinct()];
        return [new($"ssm:{operation}", resources.Count > 0 ? resources : AccessRequest.AllResources) { Context = context }];
    }

    public IReadOnlyList<AccessRequest> Parameter(string operation, string? name, List<Tag>? tags = null) => Parameters(operation, [name], tags);

    /// <summary>The tag calls name a resource by type and id; only parameters are served.</summary>
    public IReadOnlyList<AccessRequest> Resource(string operation, string? type, string? id, List<Tag>? tags = null) =>
        type == "Parameter" ? Parameter(operation, id, tags) : [new($"ssm:{operation}", AccessRequest.AllResources)];

    string Arn(string? name)
    {
        var n = name ?? "";
        var arn = n.StartsWith("arn:", StringComparison.Ordinal) ? n : $"arn:aws:ssm:{arns.Region}:{arns.AccountId}:parameter/{n.TrimStart('/')}";
        // name:3 or name:label selects a version of name (names have no colons): the ARN is the parameter's.
        var start = arn.IndexOf(":parameter/", StringComparison.Ordinal);
        var colon = start < 0 ? -1 : arn.IndexOf(':', start + ":parameter/".Length);
        return colon < 0 ? arn : arn[..colon];
    }
}
