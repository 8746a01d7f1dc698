namespace Berth.Elb.Haproxy.Runtime;

/// <summary>How HAProxy's view of a server maps onto what ELB reports of a target (see TargetHealthRules).</summary>
internal static class TargetObservations
{
    public static TargetObservation From(ServerStat s)
    {
        // "UP", "UP 1/2" (failing, not yet down), "NOLB", "no check" take traffic; "DOWN 1/3" is rising, not yet healthy.
        var healthy = s.Status.StartsWith("UP", StringComparison.Ordinal) || s.Status is "NOLB" or "no check";
        var checkDone = s.CheckStatus.Length > 0 && s.CheckStatus != "INI";
        var passing = s.CheckStatus is "L7OK" or "L7OKC" or "L4OK" or "L6OK";
        // A target that passes but has not reached the healthy threshold is still in its initial checks, as on ALB.
        var isChecked = healthy || (checkDone && !passing);
        var (reason, description) = healthy || !checkDone || passing ? (null, null) : Failure(s);
        return new TargetObservation(isChecked, healthy, reason, description, s.CurrentSessions, s.TotalSessions);
    }

    static (string, string) Failure(ServerStat s) => s.CheckStatus switch
    {
        "L7STS" => ("Target.ResponseCodeMismatch", $"Health checks failed with these codes: [{s.CheckCode}]"),
        "L4TOUT" or "L7TOUT" or "L6TOUT" => ("Target.Timeout", "Request timed out"),
        "L4CON" => ("Target.FailedHealthChecks", "Health checks failed: connection refused"),
        _ => ("Target.FailedHealthChecks", string.IsNullOrEmpty(s.CheckDescription) ? "Health checks failed" : $"Health checks failed: {s.CheckDescription}"),
    };
}
