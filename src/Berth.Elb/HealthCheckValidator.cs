using System.Globalization;

namespace Berth.Elb;

/// <summary>Applies health-check settings to a target group with ALB's bounds; a target group is HTTP-only in Berth.</summary>
public static class HealthCheckValidator
{
    public static TargetGroup Apply(TargetGroup tg, HealthCheckSettings s)
    {
        var g = tg with { };
        if (s.Protocol is not null)
        {
            if (s.Protocol != "HTTP")
                throw ElbErrors.Validation($"Health check protocol '{s.Protocol}' is not supported: Berth target groups check their targets over HTTP.");
            g.HealthCheckProtocol = s.Protocol;
        }
        if (s.Port is not null)
            g.HealthCheckPort = s.Port == "traffic-port" || (int.TryParse(s.Port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 65535)
                ? s.Port
                : throw ElbErrors.Validation($"Health check port '{s.Port}' must be 'traffic-port' or a port from 1 to 65535.");
        if (s.Enabled is { } enabled)
            g.HealthCheckEnabled = enabled;
        if (s.Path is not null)
            g.HealthCheckPath = s.Path is { Length: >= 1 and <= 1024 } && s.Path.StartsWith('/') && !s.Path.Any(char.IsControl)
                ? s.Path
                : throw ElbErrors.Validation($"Health check path '{s.Path}' must begin with '/' and be at most 1024 characters.");
        if (s.IntervalSeconds is not null)
            g.HealthCheckIntervalSeconds = ElbRefusals.Range(s.IntervalSeconds, "healthCheckIntervalSeconds", 5, 300);
        if (s.TimeoutSeconds is not null)
            g.HealthCheckTimeoutSeconds = ElbRefusals.Range(s.TimeoutSeconds, "healthCheckTimeoutSeconds", 2, 120);
        if (s.HealthyThresholdCount is not null)
            g.HealthyThresholdCount = ElbRefusals.Range(s.HealthyThresholdCount, "healthyThresholdCount", 2, 10);
        if (s.UnhealthyThresholdCount is not null)
            g.UnhealthyThresholdCount = ElbRefusals.Range(s.UnhealthyThresholdCount, "unhealthyThresholdCount", 2, 10);
        if (s.MatcherGrpcCode is not null)
            throw ElbErrors.Validation("A gRPC matcher is not supported: Berth target groups use HTTP/1.1 health checks; use Matcher HttpCode.");
        if (s.MatcherHttpCode is not null)
            g.MatcherHttpCode = IsValidMatcher(s.MatcherHttpCode)
                ? s.MatcherHttpCode
                : throw ElbErrors.Validation($"Health check matcher HTTP code '{s.MatcherHttpCode}' must be a code from 200 to 499, a list such as '200,202' or a range such as '200-299'.");
        if (g.HealthCheckTimeoutSeconds >= g.HealthCheckIntervalSeconds)
            throw ElbRefusals.InvalidConfiguration($"Health check timeout ({g.HealthCheckTimeoutSeconds}s) must be smaller than the interval ({g.HealthCheckIntervalSeconds}s).");
        return g;
    }

    /// <summary>"200", "200,202" or "200-299": codes 200–499, a range low to high.</summary>
    public static bool IsValidMatcher(string matcher)
    {
        if (matcher.Contains('-', StringComparison.Ordinal))
        {
            var parts = matcher.Split('-');
            return parts.Length == 2 && Code(parts[0]) is { } lo && Code(parts[1]) is { } hi && lo <= hi;
        }
        return matcher.Split(',').All(c => Code(c) is not null);
    }

    static int? Code(string s) =>
        s.Length == 3 && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 200 and <= 499 ? n : null;
}
