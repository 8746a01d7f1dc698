using Berth.Kernel.Tagging;

namespace Berth.Elb.Api;

// The listener operations' wire shapes, members as in the botocore model.

internal sealed record CreateListenerInput
{
    public string? LoadBalancerArn { get; set; }
    public string? Protocol { get; set; }
    public int? Port { get; set; }
    public string? SslPolicy { get; set; }
    public List<Certificate>? Certificates { get; set; }
    public List<ActionShape>? DefaultActions { get; set; }
    public List<Tag>? Tags { get; set; }

    public CreateListenerRequest ToRequest() => new()
    {
        LoadBalancerArn = LoadBalancerArn,
        Protocol = Protocol,
        Port = Port,
        SslPolicy = SslPolicy,
        CertificateCount = Certificates?.Count ?? 0,
        DefaultActions = ActionShape.ToActions(DefaultActions),
        Tags = Tags,
    };
}

internal sealed record ModifyListenerInput
{
    public string? ListenerArn { get; set; }
    public int? Port { get; set; }
    public string? Protocol { get; set; }
    public string? SslPolicy { get; set; }
    public List<Certificate>? Certificates { get; set; }
    public List<ActionShape>? DefaultActions { get; set; }

    public ModifyListenerRequest ToRequest() => new()
    {
        ListenerArn = ListenerArn,
        Protocol = Protocol,
        Port = Port,
        SslPolicy = SslPolicy,
        CertificateCount = Certificates?.Count ?? 0,
        DefaultActions = ActionShape.ToActions(DefaultActions),
    };
}

/// <summary>Certificates are only counted (an HTTP listener takes none), so only the ARN is read.</summary>
internal sealed record Certificate
{
    public string? CertificateArn { get; set; }
}

internal sealed record DescribeListenersInput
{
    public string? LoadBalancerArn { get; set; }
    public List<string>? ListenerArns { get; set; }
    public string? Marker { get; set; }
    public int? PageSize { get; set; }
}

internal sealed record ListenerArnInput
{
    public string? ListenerArn { get; set; }
}

/// <summary>Create and Modify (one listener, no marker) and Describe.</summary>
internal sealed record ListenersOutput(List<ListenerShape> Listeners, string? NextMarker = null);

internal sealed record ListenerShape(string ListenerArn, string LoadBalancerArn, int Port, string Protocol, List<ActionShape> DefaultActions)
{
    public static ListenerShape From(Listener l) => new(l.ListenerArn, l.LoadBalancerArn, l.Port, l.Protocol, ActionShape.From(l.DefaultActions));
}
