using System.Globalization;

namespace Berth.Elb;

/// <summary>One attribute a resource accepts: its default and what values it takes.</summary>
public sealed record AttributeRule(string Default, Func<string, bool> IsValid, string Expected)
{
    public static AttributeRule Bool(string @default) => new(@default, v => v is "true" or "false", "true or false");

    public static AttributeRule Int(string @default, int min, int max) =>
        new(@default, v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max, $"an integer from {min} to {max}");

    public static AttributeRule OneOf(string @default, params string[] values) =>
        new(@default, values.Contains, string.Join(", ", values));

    public static AttributeRule Text(string @default, int maxLength) => new(@default, v => v.Length <= maxLength, $"at most {maxLength} characters");
}

/// <summary>Applies ModifyXAttributes to stored attributes: every key known, every value valid, or nothing changes.</summary>
public static class AttributeSet
{
    public static Dictionary<string, string> Merge(IReadOnlyDictionary<string, AttributeRule> rules, Dictionary<string, string> stored) =>
        rules.ToDictionary(r => r.Key, r => stored.TryGetValue(r.Key, out var v) ? v : r.Value.Default, StringComparer.Ordinal);

    public static Dictionary<string, string> Apply(IReadOnlyDictionary<string, AttributeRule> rules, Dictionary<string, string> stored, IReadOnlyList<ElbAttribute>? changes)
    {
        if (changes is not { Count: > 0 })
            throw ElbRefusals.Missing("attributes");
        if (changes.Count > 20)
            throw ElbErrors.Validation("1 validation error detected: Value at 'attributes' failed to satisfy constraint: Member must have length less than or equal to 20");
        var result = new Dictionary<string, string>(stored, StringComparer.Ordinal);
        foreach (var c in changes)
        {
            if (string.IsNullOrEmpty(c.Key))
                throw ElbRefusals.Missing("attributes.member.key");
            if (!rules.TryGetValue(c.Key, out var rule))
                throw ElbRefusals.InvalidConfiguration($"Key {c.Key} not valid. Valid keys: {string.Join(", ", rules.Keys)}");
            var value = c.Value ?? "";
            if (!rule.IsValid(value))
                throw ElbRefusals.InvalidConfiguration($"'{value}' is not a valid value for attribute '{c.Key}': expected {rule.Expected}.");
            result[c.Key] = value;
        }
        return result;
    }
}

/// <summary>The attributes of an application load balancer, as DescribeLoadBalancerAttributes lists them.</summary>
public static class LoadBalancerAttributes
{
    public const string DeletionProtection = "deletion_protection.enabled";
    public const string IdleTimeout = "idle_timeout.timeout_seconds";

    public static readonly IReadOnlyDictionary<string, AttributeRule> Rules = new Dictionary<string, AttributeRule>(StringComparer.Ordinal)
    {
        ["access_logs.s3.enabled"] = AttributeRule.Bool("false"),
        ["access_logs.s3.bucket"] = AttributeRule.Text("", 255),
        ["access_logs.s3.prefix"] = AttributeRule.Text("", 255),
        ["connection_logs.s3.enabled"] = AttributeRule.Bool("false"),
        ["connection_logs.s3.bucket"] = AttributeRule.Text("", 255),
        ["connection_logs.s3.prefix"] = AttributeRule.Text("", 255),
        [DeletionProtection] = AttributeRule.Bool("false"),
        [IdleTimeout] = AttributeRule.Int("60", 1, 4000),
        ["client_keep_alive.seconds"] = AttributeRule.Int("3600", 60, 604800),
        ["routing.http.desync_mitigation_mode"] = AttributeRule.OneOf("defensive", "monitor", "defensive", "strictest"),
        ["routing.http.drop_invalid_header_fields.enabled"] = AttributeRule.Bool("false"),
        ["routing.http.preserve_host_header.enabled"] = AttributeRule.Bool("false"),
        ["routing.http.x_amzn_tls_version_and_cipher_suite.enabled"] = AttributeRule.Bool("false"),
        ["routing.http.xff_client_port.enabled"] = AttributeRule.Bool("false"),
        ["routing.http.xff_header_processing.mode"] = AttributeRule.OneOf("append", "append", "preserve", "remove"),
        ["routing.http2.enabled"] = AttributeRule.Bool("true"),
        ["waf.fail_open.enabled"] = AttributeRule.Bool("false"),
        ["zonal_shift.config.enabled"] = AttributeRule.Bool("false"),
        ["load_balancing.cross_zone.enabled"] = new("true", v => v == "true", "true (application load balancers always balance across zones)"),
    };
}

/// <summary>
/// The attributes of an HTTP listener: the response headers it adds (HAProxy sets them on every response, replacing the
/// target's) and whether the target's Server header passes through. The mTLS and TLS header names exist only on HTTPS
/// listeners, which Berth does not offer, so they are refused as unknown keys.
/// </summary>
public static class ListenerAttributes
{
    public const string ServerEnabled = "routing.http.response.server.enabled";

    /// <summary>The response-header attributes and the header each one sets.</summary>
    public static readonly IReadOnlyDictionary<string, string> Headers = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["routing.http.response.strict_transport_security.header_value"] = "Strict-Transport-Security",
        ["routing.http.response.access_control_allow_origin.header_value"] = "Access-Control-Allow-Origin",
        ["routing.http.response.access_control_allow_methods.header_value"] = "Access-Control-Allow-Methods",
        ["routing.http.response.access_control_allow_headers.header_value"] = "Access-Control-Allow-Headers",
        ["routing.http.response.access_control_allow_credentials.header_value"] = "Access-Control-Allow-Credentials",
        ["routing.http.response.access_control_expose_headers.header_value"] = "Access-Control-Expose-Headers",
        ["routing.http.response.access_control_max_age.header_value"] = "Access-Control-Max-Age",
        ["routing.http.response.content_security_policy.header_value"] = "Content-Security-Policy",
        ["routing.http.response.x_content_type_options.header_value"] = "X-Content-Type-Options",
        ["routing.http.response.x_frame_options.header_value"] = "X-Frame-Options",
    };

    public static readonly IReadOnlyDictionary<string, AttributeRule> Rules = BuildRules();

    static Dictionary<string, AttributeRule> BuildRules()
    {
        var rules = new Dictionary<string, AttributeRule>(StringComparer.Ordinal) { [ServerEnabled] = AttributeRule.Bool("true") };
        foreach (var (key, header) in Headers)
        {
            rules[key] = header switch
            {
                "Access-Control-Allow-Credentials" => AttributeRule.OneOf("", "", "true"),
                "X-Content-Type-Options" => AttributeRule.OneOf("", "", "nosniff"),
                "X-Frame-Options" => new AttributeRule("", v => v is "" or "DENY" or "SAMEORIGIN" || (v.StartsWith("ALLOW-FROM ", StringComparison.Ordinal) && IsHeaderText(v)),
                    "DENY, SAMEORIGIN or ALLOW-FROM followed by a URI"),
                "Access-Control-Max-Age" => new AttributeRule("", v => v.Length == 0 || (v.Length <= 10 && v.All(char.IsAsciiDigit)), "a number of seconds"),
                _ => new AttributeRule("", v => v.Length <= 1024 && IsHeaderText(v), "at most 1024 printable characters"),
            };
        }
        return rules;
    }

    /// <summary>Printable ASCII and spaces only: a value must never break out of its header line.</summary>
    static bool IsHeaderText(string v) => v.All(c => c is >= ' ' and <= '~');
}

/// <summary>The rules for target group attributes; defaults are <see cref="TargetGroupAttributes.Defaults"/> plus app-cookie stickiness.</summary>
public static class TargetGroupAttributeRules
{
    public static readonly IReadOnlyDictionary<string, AttributeRule> Rules = new Dictionary<string, AttributeRule>(StringComparer.Ordinal)
    {
        [TargetGroupAttributes.DeregistrationDelay] = AttributeRule.Int(TargetGroupAttributes.Defaults[TargetGroupAttributes.DeregistrationDelay], 0, 3600),
        ["stickiness.enabled"] = AttributeRule.Bool(TargetGroupAttributes.Defaults["stickiness.enabled"]),
        ["stickiness.type"] = AttributeRule.OneOf(TargetGroupAttributes.Defaults["stickiness.type"], "lb_cookie", "app_cookie"),
        ["stickiness.lb_cookie.duration_seconds"] = AttributeRule.Int(TargetGroupAttributes.Defaults["stickiness.lb_cookie.duration_seconds"], 1, 604800),
        ["stickiness.app_cookie.cookie_name"] = new("", v => v.Length <= 255 && !v.StartsWith("AWSALB", StringComparison.OrdinalIgnoreCase), "a cookie name of up to 255 characters not starting with AWSALB"),
        ["stickiness.app_cookie.duration_seconds"] = AttributeRule.Int("86400", 1, 604800),
        ["load_balancing.algorithm.type"] = AttributeRule.OneOf(TargetGroupAttributes.Defaults["load_balancing.algorithm.type"], "round_robin", "least_outstanding_requests", "weighted_random"),
        ["slow_start.duration_seconds"] = new(TargetGroupAttributes.Defaults["slow_start.duration_seconds"],
            v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && (n == 0 || n is >= 30 and <= 900), "0 (off) or 30 to 900 seconds"),
    };
}
