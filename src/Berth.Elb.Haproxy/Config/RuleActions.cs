using System.Globalization;

namespace Berth.Elb.Haproxy.Config;

/// <summary>
/// ALB actions as <c>http-request</c> rules, which HAProxy runs in order: a forward records its backend in
/// <c>txn.be</c> (the frontend's last line uses it), fixed responses and redirects answer at once. Every line carries
/// <c>!{ var(txn.be) -m found }</c>, so the first matching rule by priority wins, as on ALB.
/// </summary>
internal static class RuleActions
{
    public const string Unrouted = "!{ var(txn.be) -m found }";
    public const string ServiceUnavailable = "http-request return status 503 content-type text/plain string \"503 Service Temporarily Unavailable\\n\"";

    public static void Write(ConfigBuilder cfg, string condition, IReadOnlyList<ElbAction> actions, int listenerPort, IReadOnlyDictionary<string, string> backends)
    {
        var guard = (condition.Length > 0 ? condition + " " : "") + Unrouted;
        // Only the terminal action counts (authenticate-* actions come before it and Berth has none to run).
        var action = actions.OrderBy(a => a.Order ?? int.MaxValue).LastOrDefault(a => a.Type is "forward" or "fixed-response" or "redirect");
        switch (action?.Type)
        {
            case "forward":
                Forward(cfg, guard, action, backends);
                break;
            case "fixed-response":
                FixedResponse(cfg, guard, action.FixedResponseConfig ?? new());
                break;
            case "redirect":
                Redirect(cfg, guard, action.RedirectConfig ?? new(), listenerPort);
                break;
            default:
                cfg.Line($"{ServiceUnavailable} if {guard}");
                break;
        }
    }

    static void Forward(ConfigBuilder cfg, string guard, ElbAction action, IReadOnlyDictionary<string, string> backends)
    {
        var groups = action.ForwardConfig?.TargetGroups is { Count: > 0 } tuples
            ? tuples.Where(t => t.TargetGroupArn is not null).Select(t => (Arn: t.TargetGroupArn!, Weight: t.Weight ?? 1)).ToList()
            : action.TargetGroupArn is { } one ? [(one, 1)] : [];
        // A target group that no longer exists, or one weighted 0, gets no traffic; with none left ALB answers 503.
        var live = groups.Where(g => g.Weight > 0 && backends.ContainsKey(g.Arn)).ToList();
        if (live.Count == 0)
        {
            cfg.Line($"{ServiceUnavailable} if {guard}");
            return;
        }
        var total = live.Sum(g => g.Weight);
        var upTo = 0;
        for (var i = 0; i < live.Count; i++)
        {
            upTo += live[i].Weight;
            // One random number per request (txn.rnd) picks the group: lines before this one took the lower ranges.
            var share = i < live.Count - 1
                ? string.Create(CultureInfo.InvariantCulture, $" {{ var(txn.rnd),mod({total}) -m int lt {upTo} }}")
                : "";
            cfg.Line($"http-request set-var(txn.be) str({backends[live[i].Arn]}) if {guard}{share}");
        }
    }

    static void FixedResponse(ConfigBuilder cfg, string guard, FixedResponseActionConfig f)
    {
        var status = int.TryParse(f.StatusCode, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s is >= 200 and <= 599 ? s : 200;
        var payload = string.IsNullOrEmpty(f.MessageBody)
            ? ""
            : $" content-type {ConfigText.Quote(f.ContentType ?? "text/plain")} string {ConfigText.Quote(f.MessageBody)}";
        cfg.Line(string.Create(CultureInfo.InvariantCulture, $"http-request return status {status}{payload} if {guard}"));
    }

    static void Redirect(ConfigBuilder cfg, string guard, RedirectActionConfig r, int listenerPort)
    {
        var protocol = Substitute(r.Protocol ?? "#{protocol}", listenerPort).ToLowerInvariant();
        var port = Substitute(r.Port ?? "#{port}", listenerPort);
        var defaultPort = (protocol == "http" && port == "80") || (protocol == "https" && port == "443");
        var authority = Template(r.Host ?? "#{host}", listenerPort) + (defaultPort ? "" : ":" + ConfigText.LogFormatLiteral(port));
        var path = Template(r.Path ?? "/#{path}", listenerPort);
        var location = $"{ConfigText.LogFormatLiteral(protocol)}://{authority}{path}";
        var code = r.StatusCode == "HTTP_302" ? 302 : 301;
        var query = r.Query ?? "#{query}";
        if (query == "#{query}")
        {
            // The original query only when there is one, so no dangling '?'.
            cfg.Line($"http-request redirect location {ConfigText.Quote(location + "?%[query]")} code {code} if {guard} {{ query -m len gt 0 }}");
            cfg.Line($"http-request redirect location {ConfigText.Quote(location)} code {code} if {guard}");
        }
        else
        {
            var suffix = query.Length == 0 ? "" : "?" + Template(query, listenerPort);
            cfg.Line($"http-request redirect location {ConfigText.Quote(location + suffix)} code {code} if {guard}");
        }
    }

    /// <summary>Replaces the placeholders known when the config is written (protocol, port).</summary>
    static string Substitute(string s, int listenerPort) =>
        s.Replace("#{protocol}", "http", StringComparison.OrdinalIgnoreCase)
            .Replace("#{port}", listenerPort.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>A redirect component as log-format: literals escaped, request placeholders as sample fetches.</summary>
    static string Template(string s, int listenerPort) =>
        ConfigText.LogFormatLiteral(Substitute(s, listenerPort))
            .Replace("#{host}", "%[req.hdr(host),field(1,:)]", StringComparison.Ordinal)
            .Replace("#{path}", "%[path,regsub(^/,)]", StringComparison.Ordinal)
            .Replace("#{query}", "%[query]", StringComparison.Ordinal);
}
