namespace Berth.Elb.Haproxy.Config;

/// <summary>
/// ALB rule conditions as HAProxy ACLs. Values of one condition are ORed (one <c>acl</c> line per value under the same
/// name), conditions of one rule are ANDed (the names listed together after <c>if</c>).
/// </summary>
internal static class RuleConditions
{
    /// <summary>Writes the ACL lines for <paramref name="rule"/> and returns the condition (ACL names) they make.</summary>
    public static string Write(ConfigBuilder cfg, string prefix, IReadOnlyList<RuleCondition> conditions)
    {
        var names = new List<string>();
        for (var i = 0; i < conditions.Count; i++)
        {
            var name = $"{prefix}_c{i}";
            var lines = Lines(conditions[i]).ToList();
            if (lines.Count == 0)
            {
                // A condition Berth cannot express must not match everything.
                lines.Add("always_false");
            }
            foreach (var l in lines)
                cfg.Line($"acl {name} {l}");
            names.Add(name);
        }
        return string.Join(' ', names);
    }

    static IEnumerable<string> Lines(RuleCondition c)
    {
        switch (c.Field)
        {
            case "path-pattern":
                // ALB matches the path without the query string, case-sensitively.
                foreach (var v in c.Values)
                    yield return "path -m reg " + ConfigText.Quote(ConfigText.WildcardRegex(v));
                break;
            case "host-header":
                // Host names match case-insensitively and without the port.
                foreach (var v in c.Values)
                    yield return "req.hdr(host),field(1,:) -m reg -i " + ConfigText.Quote(ConfigText.WildcardRegex(v));
                break;
            case "http-header" when !string.IsNullOrEmpty(c.HttpHeaderName):
                foreach (var v in c.Values)
                    yield return $"req.fhdr({ConfigText.Token(c.HttpHeaderName)}) -m reg -i " + ConfigText.Quote(ConfigText.WildcardRegex(v));
                break;
            case "http-request-method":
                if (c.Values.Count > 0)
                    yield return "method -m str " + string.Join(' ', c.Values.Select(ConfigText.Token));
                break;
            case "source-ip":
                if (c.Values.Count > 0)
                    yield return "src " + string.Join(' ', c.Values.Select(ConfigText.Quote));
                break;
            case "query-string":
                foreach (var kv in c.QueryStrings)
                {
                    var key = kv.Key is null ? "[^&=]*" : ConfigText.WildcardBody(kv.Key, "[^&=]*", "[^&=]");
                    var value = ConfigText.WildcardBody(kv.Value ?? "*", "[^&]*", "[^&]");
                    yield return "query -m reg -i " + ConfigText.Quote($"(^|&){key}={value}(&|$)");
                }
                break;
        }
    }
}
