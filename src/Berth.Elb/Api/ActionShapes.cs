namespace Berth.Elb.Api;

/// <summary>
/// The model's Action, in its member order (the domain record keeps its own); the forward, fixed-response and redirect
/// configurations are the domain's records, whose members are the model's. The authenticate and JWT configurations are
/// not read: those action types are refused by their Type.
/// </summary>
internal sealed record ActionShape
{
    public string? Type { get; set; }
    public string? TargetGroupArn { get; set; }
    public int? Order { get; set; }
    public RedirectActionConfig? RedirectConfig { get; set; }
    public FixedResponseActionConfig? FixedResponseConfig { get; set; }
    public ForwardActionConfig? ForwardConfig { get; set; }

    public ElbAction ToAction() => new()
    {
        Type = Type ?? "",
        TargetGroupArn = TargetGroupArn,
        Order = Order,
        ForwardConfig = ForwardConfig,
        FixedResponseConfig = FixedResponseConfig,
        RedirectConfig = RedirectConfig,
    };

    public static ActionShape From(ElbAction a) => new()
    {
        Type = a.Type,
        TargetGroupArn = a.TargetGroupArn,
        Order = a.Order,
        RedirectConfig = a.RedirectConfig,
        FixedResponseConfig = a.FixedResponseConfig,
        ForwardConfig = a.ForwardConfig,
    };

    public static List<ElbAction>? ToActions(List<ActionShape>? actions) => actions?.Select(a => a.ToAction()).ToList();

    public static List<ActionShape> From(List<ElbAction> actions) => actions.Select(From).ToList();
}
