using System.Globalization;
using System.Text.RegularExpressions;
using Berth.Kernel;
using Berth.Kernel.Storage;

namespace Berth.Elb;

/// <summary>
/// Checks the actions of a listener or rule as ALB does and normalises forwards to the shape ELB reports
/// (TargetGroupArn for a single group, and always a ForwardConfig with weights and stickiness).
/// Berth serves forward, fixed-response and redirect; each target group must exist and serve no other load balancer.
/// </summary>
public sealed partial class ActionValidator(IStateStore store)
{
    public const int MaxTargetGroupsPerForward = 5;
    static readonly string[] Terminal = ["forward", "fixed-response", "redirect"];
    static readonly string[] Unsupported = ["authenticate-oidc", "authenticate-cognito", "jwt-validation"];
    static readonly string[] ContentTypes = ["text/plain", "text/css", "text/html", "application/javascript", "application/json"];
    static readonly string[] Placeholders = ["#{protocol}", "#{host}", "#{port}", "#{path}", "#{query}"];

    public async Task<List<ElbAction>> ValidateAsync(IReadOnlyList<ElbAction>? actions, string member, string loadBalancerArn, CancellationToken ct)
    {
        if (actions is null)
            throw ElbRefusals.Missing(member);
        if (actions.Count == 0)
            throw ElbErrors.Validation($"'{member}' must contain at least one action.");
        foreach (var a in actions)
        {
            if (string.IsNullOrEmpty(a.Type))
                throw ElbRefusals.Missing($"{member}.member.type");
            if (Unsupported.Contains(a.Type))
                throw ElbRefusals.InvalidAction($"Action type '{a.Type}' is not supported by Berth: use forward, fixed-response or redirect.");
            if (!Terminal.Contains(a.Type))
                throw ElbErrors.Validation($"Action type '{a.Type}' is not valid: use forward, fixed-response or redirect.");
            if (a.Order is { } order && order is < 1 or > 50000)
                throw ElbRefusals.OutOfRange($"{member}.member.order", order, 1, 50000);
        }
        if (actions.Count > 1)
            throw new AwsException("TooManyActions", "A listener or rule can have only one action of type forward, fixed-response or redirect.");

        var a0 = actions[0];
        var action = a0.Type switch
        {
            "forward" => await ForwardAsync(a0, loadBalancerArn, ct),
            "fixed-response" => FixedResponse(a0),
            _ => Redirect(a0),
        };
        return [action];
    }

    async Task<ElbAction> ForwardAsync(ElbAction a, string loadBalancerArn, CancellationToken ct)
    {
        if (a.RedirectConfig is not null || a.FixedResponseConfig is not null)
            throw ElbRefusals.InvalidAction("A forward action cannot have a RedirectConfig or FixedResponseConfig.");
        var tuples = a.ForwardConfig?.TargetGroups ?? [];
        if (a.TargetGroupArn is not null && a.ForwardConfig is { TargetGroups.Count: > 0 }
            && (tuples.Count != 1 || tuples[0].TargetGroupArn != a.TargetGroupArn))
            throw ElbRefusals.InvalidAction("With both TargetGroupArn and ForwardConfig, ForwardConfig must name that one target group only.");
        if (a.TargetGroupArn is not null && tuples.Count == 0)
            tuples = [new TargetGroupTuple { TargetGroupArn = a.TargetGroupArn, Weight = 1 }];
        if (tuples.Count == 0)
            throw ElbErrors.Validation("A forward action needs a TargetGroupArn or a ForwardConfig with at least one target group.");
        if (tuples.Count > MaxTargetGroupsPerForward)
            throw new AwsException("TooManyTargetGroups", $"A forward action can name at most {MaxTargetGroupsPerForward} target groups; this one names {tuples.Count}.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var associations = await ElbAssociations.LoadAsync(store, ct);
        string? lbVpc = null;
        foreach (var t in tuples)
        {
            var arn = ElbNames.TargetGroupArn(t.TargetGroupArn, "forwardConfig.targetGroups.member.targetGroupArn");
            if (!seen.Add(arn))
                throw ElbErrors.Validation($"Target group '{arn}' is named more than once in the forward action.");
            if (t.Weight is { } w && w is < 0 or > 999)
                throw ElbErrors.Validation($"The weight of target group '{arn}' must be between 0 and 999.");
            var tg = (await store.GetAsync(ElbKinds.TargetGroups, arn, ct))?.Value ?? throw ElbErrors.TargetGroupNotFound(arn);
            lbVpc ??= (await store.GetAsync(ElbKinds.LoadBalancers, loadBalancerArn, ct))?.Value.VpcId ?? "";
            if (tg.VpcId != lbVpc && lbVpc.Length > 0)
                throw ElbRefusals.InvalidConfiguration($"Target group '{arn}' is in VPC '{tg.VpcId}', but the load balancer is in VPC '{lbVpc}': a load balancer forwards only to target groups of its own VPC.");
            if (associations.LoadBalancersOf(arn).Any(lb => lb != loadBalancerArn))
                throw new AwsException("TargetGroupAssociationLimit", $"The following target groups cannot be associated with more than one load balancer: {arn}");
        }
        var stickiness = a.ForwardConfig?.TargetGroupStickinessConfig;
        if (stickiness?.DurationSeconds is { } d && d is < 1 or > 604800)
            throw ElbErrors.Validation("TargetGroupStickinessConfig DurationSeconds must be between 1 and 604800.");
        if (stickiness?.Enabled == true && stickiness.DurationSeconds is null)
            throw ElbErrors.Validation("TargetGroupStickinessConfig needs DurationSeconds when stickiness is enabled.");
        return new ElbAction
        {
            Type = "forward",
            Order = a.Order,
            TargetGroupArn = tuples.Count == 1 ? tuples[0].TargetGroupArn : null,
            ForwardConfig = new ForwardActionConfig
            {
                TargetGroups = tuples.Select(t => new TargetGroupTuple { TargetGroupArn = t.TargetGroupArn, Weight = t.Weight ?? 1 }).ToList(),
                TargetGroupStickinessConfig = new TargetGroupStickinessConfig { Enabled = stickiness?.Enabled ?? false, DurationSeconds = stickiness?.DurationSeconds },
            },
        };
    }

    static ElbAction FixedResponse(ElbAction a)
    {
        if (a.TargetGroupArn is not null || a.ForwardConfig is not null || a.RedirectConfig is not null)
            throw ElbRefusals.InvalidAction("A fixed-response action takes only a FixedResponseConfig.");
        var c = a.FixedResponseConfig ?? throw ElbErrors.Validation("A fixed-response action needs a FixedResponseConfig.");
        if (c.StatusCode is null)
            throw ElbRefusals.Missing("fixedResponseConfig.statusCode");
        if (!StatusPattern().IsMatch(c.StatusCode))
            throw ElbErrors.Validation($"Fixed-response status code '{c.StatusCode}' must be a 2XX, 4XX or 5XX code.");
        if (c.ContentType is not null && !ContentTypes.Contains(c.ContentType))
            throw ElbErrors.Validation($"Fixed-response content type '{c.ContentType}' is not valid: use one of {string.Join(", ", ContentTypes)}.");
        if ((c.MessageBody?.Length ?? 0) > 1024)
            throw ElbErrors.Validation("A fixed-response message body can be at most 1024 characters.");
        return new ElbAction { Type = "fixed-response", Order = a.Order, FixedResponseConfig = c with { } };
    }

    static ElbAction Redirect(ElbAction a)
    {
        if (a.TargetGroupArn is not null || a.ForwardConfig is not null || a.FixedResponseConfig is not null)
            throw ElbRefusals.InvalidAction("A redirect action takes only a RedirectConfig.");
        var c = a.RedirectConfig ?? throw ElbErrors.Validation("A redirect action needs a RedirectConfig.");
        if (c.StatusCode is null)
            throw ElbRefusals.Missing("redirectConfig.statusCode");
        if (c.StatusCode is not ("HTTP_301" or "HTTP_302"))
            throw ElbErrors.Validation($"Redirect status code '{c.StatusCode}' must be HTTP_301 or HTTP_302.");
        if (c.Protocol is not null && c.Protocol is not ("HTTP" or "HTTPS" or "#{protocol}"))
            throw ElbErrors.Validation($"Redirect protocol '{c.Protocol}' must be HTTP, HTTPS or #{{protocol}}.");
        if (c.Port is not null && c.Port != "#{port}"
            && !(int.TryParse(c.Port, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535))
            throw ElbErrors.Validation($"Redirect port '{c.Port}' must be a port from 1 to 65535 or #{{port}}.");
        if (c.Host is not null && (c.Host.Length is 0 or > 128 || c.Host.Any(ch => char.IsControl(ch) || ch is ' ' or '/')))
            throw ElbErrors.Validation($"Redirect host '{c.Host}' must be 1 to 128 characters, without spaces or '/'.");
        if (c.Path is not null && (c.Path.Length is 0 or > 128 || !c.Path.StartsWith('/')))
            throw ElbErrors.Validation($"Redirect path '{c.Path}' must begin with '/' and be at most 128 characters.");
        if (c.Query is not null && (c.Query.Length > 128 || c.Query.StartsWith('?')))
            throw ElbErrors.Validation("A redirect query must be at most 128 characters and must not begin with '?'.");
        foreach (var part in new[] { c.Host, c.Path, c.Query })
        {
            foreach (Match m in PlaceholderPattern().Matches(part ?? ""))
            {
                if (!Placeholders.Contains(m.Value))
                    throw ElbErrors.Validation($"'{m.Value}' is not a redirect placeholder: use {string.Join(", ", Placeholders)}.");
            }
        }
        bool Same(string? v, params string[] originals) => v is null || originals.Contains(v);
        if (Same(c.Protocol, "#{protocol}") && Same(c.Host, "#{host}") && Same(c.Port, "#{port}") && Same(c.Path, "/#{path}") && Same(c.Query, "#{query}"))
            throw ElbRefusals.InvalidAction("The redirect would send requests to the URL they came from: change at least one of protocol, host, port, path or query.");
        return new ElbAction
        {
            Type = "redirect",
            Order = a.Order,
            RedirectConfig = c with
            {
                Protocol = c.Protocol ?? "#{protocol}",
                Port = c.Port ?? "#{port}",
                Host = c.Host ?? "#{host}",
                Path = c.Path ?? "/#{path}",
                Query = c.Query ?? "#{query}",
            },
        };
    }

    [GeneratedRegex("^[245][0-9][0-9]$")]
    private static partial Regex StatusPattern();

    [GeneratedRegex("#\\{[^}]*\\}")]
    private static partial Regex PlaceholderPattern();
}
