using Berth.Kernel.Protocol;
using Berth.Kernel.Tagging;

namespace Berth.Elb.Api;

/// <summary>Writes the ELBv2 response shapes, members in the botocore model's order.</summary>
internal static class ElbXml
{
    public static void LoadBalancer(QueryXmlWriter w, LoadBalancer lb)
    {
        w.Value("LoadBalancerArn", lb.LoadBalancerArn);
        w.Value("DNSName", lb.DNSName);
        w.Value("CanonicalHostedZoneId", lb.CanonicalHostedZoneId);
        w.Value("CreatedTime", lb.CreatedTime);
        w.Value("LoadBalancerName", lb.LoadBalancerName);
        w.Value("Scheme", lb.Scheme);
        w.Value("VpcId", lb.VpcId);
        w.Struct("State", () =>
        {
            w.Value("Code", lb.State.Code);
            w.Value("Reason", lb.State.Reason);
        });
        w.Value("Type", lb.Type);
        w.List("AvailabilityZones", lb.AvailabilityZones, z =>
        {
            w.Value("ZoneName", z.ZoneName);
            w.Value("SubnetId", z.SubnetId);
            w.List("LoadBalancerAddresses", Array.Empty<string>(), _ => { });
        });
        w.Strings("SecurityGroups", lb.SecurityGroups);
        w.Value("IpAddressType", lb.IpAddressType);
    }

    public static void TargetGroup(QueryXmlWriter w, TargetGroupDescription d)
    {
        var g = d.TargetGroup;
        w.Value("TargetGroupArn", g.TargetGroupArn);
        w.Value("TargetGroupName", g.TargetGroupName);
        w.Value("Protocol", g.Protocol);
        w.Value("Port", g.Port);
        w.Value("VpcId", g.VpcId);
        w.Value("HealthCheckProtocol", g.HealthCheckProtocol);
        w.Value("HealthCheckPort", g.HealthCheckPort);
        w.Value("HealthCheckEnabled", g.HealthCheckEnabled);
        w.Value("HealthCheckIntervalSeconds", g.HealthCheckIntervalSeconds);
        w.Value("HealthCheckTimeoutSeconds", g.HealthCheckTimeoutSeconds);
        w.Value("HealthyThresholdCount", g.HealthyThresholdCount);
        w.Value("UnhealthyThresholdCount", g.UnhealthyThresholdCount);
        w.Value("HealthCheckPath", g.HealthCheckPath);
        w.Struct("Matcher", () => w.Value("HttpCode", g.MatcherHttpCode));
        w.Strings("LoadBalancerArns", d.LoadBalancerArns);
        w.Value("TargetType", g.TargetType);
        w.Value("ProtocolVersion", g.ProtocolVersion);
        w.Value("IpAddressType", g.IpAddressType);
    }

    public static void Listener(QueryXmlWriter w, Listener l)
    {
        w.Value("ListenerArn", l.ListenerArn);
        w.Value("LoadBalancerArn", l.LoadBalancerArn);
        w.Value("Port", l.Port);
        w.Value("Protocol", l.Protocol);
        Actions(w, "DefaultActions", l.DefaultActions);
    }

    public static void Rule(QueryXmlWriter w, RuleDescription r)
    {
        w.Value("RuleArn", r.RuleArn);
        w.Value("Priority", r.Priority);
        w.List("Conditions", r.Conditions, c => Condition(w, c));
        Actions(w, "Actions", r.Actions);
        w.Value("IsDefault", r.IsDefault);
    }

    static void Actions(QueryXmlWriter w, string name, List<ElbAction> actions) => w.List(name, actions, a =>
    {
        w.Value("Type", a.Type);
        w.Value("TargetGroupArn", a.TargetGroupArn);
        w.Value("Order", a.Order);
        if (a.RedirectConfig is { } r)
        {
            w.Struct("RedirectConfig", () =>
            {
                w.Value("Protocol", r.Protocol);
                w.Value("Port", r.Port);
                w.Value("Host", r.Host);
                w.Value("Path", r.Path);
                w.Value("Query", r.Query);
                w.Value("StatusCode", r.StatusCode);
            });
        }
        if (a.FixedResponseConfig is { } f)
        {
            w.Struct("FixedResponseConfig", () =>
            {
                w.Value("MessageBody", f.MessageBody);
                w.Value("StatusCode", f.StatusCode);
                w.Value("ContentType", f.ContentType);
            });
        }
        if (a.ForwardConfig is { } fw)
        {
            w.Struct("ForwardConfig", () =>
            {
                w.List("TargetGroups", fw.TargetGroups, t =>
                {
                    w.Value("TargetGroupArn", t.TargetGroupArn);
                    w.Value("Weight", t.Weight);
                });
                if (fw.TargetGroupStickinessConfig is { } s)
                {
                    w.Struct("TargetGroupStickinessConfig", () =>
                    {
                        w.Value("Enabled", s.Enabled);
                        w.Value("DurationSeconds", s.DurationSeconds);
                    });
                }
            });
        }
    });

    /// <summary>host-header and path-pattern show their values twice (Values and the config), as ELB does; the others only in their config.</summary>
    static void Condition(QueryXmlWriter w, RuleCondition c)
    {
        w.Value("Field", c.Field);
        switch (c.Field)
        {
            case "host-header":
                w.Strings("Values", c.Values);
                w.Struct("HostHeaderConfig", () => w.Strings("Values", c.Values));
                break;
            case "path-pattern":
                w.Strings("Values", c.Values);
                w.Struct("PathPatternConfig", () => w.Strings("Values", c.Values));
                break;
            case "http-header":
                w.Struct("HttpHeaderConfig", () =>
                {
                    w.Value("HttpHeaderName", c.HttpHeaderName);
                    w.Strings("Values", c.Values);
                });
                break;
            case "query-string":
                w.Struct("QueryStringConfig", () => w.List("Values", c.QueryStrings, p =>
                {
                    w.Value("Key", p.Key);
                    w.Value("Value", p.Value);
                }));
                break;
            case "http-request-method":
                w.Struct("HttpRequestMethodConfig", () => w.Strings("Values", c.Values));
                break;
            case "source-ip":
                w.Struct("SourceIpConfig", () => w.Strings("Values", c.Values));
                break;
        }
    }

    public static void Attributes(QueryXmlWriter w, Dictionary<string, string> attributes) =>
        w.List("Attributes", attributes.OrderBy(a => a.Key, StringComparer.Ordinal), a =>
        {
            w.Value("Key", a.Key);
            w.Value("Value", a.Value);
        });

    public static void Tags(QueryXmlWriter w, List<Tag> tags) => w.List("Tags", tags, t =>
    {
        w.Value("Key", t.Key);
        w.Value("Value", t.Value);
    });

    public static void TargetHealth(QueryXmlWriter w, TargetHealthDescription d)
    {
        w.Struct("Target", () =>
        {
            w.Value("Id", d.Id);
            w.Value("Port", d.Port);
            w.Value("AvailabilityZone", d.AvailabilityZone);
        });
        w.Value("HealthCheckPort", d.HealthCheckPort);
        w.Struct("TargetHealth", () =>
        {
            w.Value("State", d.Health.State);
            w.Value("Reason", d.Health.Reason);
            w.Value("Description", d.Health.Description);
        });
    }
}
