using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Berth.Integration.Tests.Infrastructure;

/// <summary>Tests of services behind a load balancer: a busybox httpd container, a load balancer with a listener on a free port.</summary>
public abstract class WebServiceTestBase(BerthFixture fixture, ITestOutputHelper output) : BerthTestBase(fixture, output)
{
    protected static string Web(string version, string healthy = "ok") =>
        $"mkdir -p /tmp/www && echo {version} > /tmp/www/index.html && echo {healthy} > /tmp/www/health && exec httpd -f -p 8080 -h /tmp/www";

    protected static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    protected async Task<(string TargetGroup, int Port, string LoadBalancer)> LoadBalancerAsync(ElbClient elb, string name, string healthPath)
    {
        var lb = ElbClient.Value(await elb.CallAsync("CreateLoadBalancer", new Dictionary<string, string> { ["Name"] = name, ["Type"] = "application" }, Ct), "LoadBalancerArn");
        var tg = ElbClient.Value(await elb.CallAsync("CreateTargetGroup", new Dictionary<string, string>
        {
            ["Name"] = name,
            ["Protocol"] = "HTTP",
            ["Port"] = "8080",
            ["TargetType"] = "ip",
            ["HealthCheckPath"] = healthPath,
            ["HealthCheckIntervalSeconds"] = "5",
            ["HealthCheckTimeoutSeconds"] = "2",
            ["HealthyThresholdCount"] = "2",
            ["UnhealthyThresholdCount"] = "2",
        }, Ct), "TargetGroupArn");
        await elb.CallAsync("ModifyTargetGroupAttributes", new Dictionary<string, string>
        {
            ["TargetGroupArn"] = tg,
            ["Attributes.member.1.Key"] = "deregistration_delay.timeout_seconds",
            ["Attributes.member.1.Value"] = "5",
        }, Ct);
        var port = FreePort();
        await elb.CallAsync("CreateListener", new Dictionary<string, string>
        {
            ["LoadBalancerArn"] = lb,
            ["Protocol"] = "HTTP",
            ["Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DefaultActions.member.1.Type"] = "forward",
            ["DefaultActions.member.1.TargetGroupArn"] = tg,
        }, Ct);
        return (tg, port, lb);
    }

    protected async Task<JsonElement> ServiceAsync(string name) =>
        (await Ecs.EcsAsync("DescribeServices", new JsonObject { ["cluster"] = Cluster, ["services"] = new JsonArray(name) }, Ct)).GetProperty("services")[0].Clone();

    protected async Task<int> HealthyTargetsAsync(ElbClient elb, string tg) =>
        ElbClient.Values(await elb.CallAsync("DescribeTargetHealth", new Dictionary<string, string> { ["TargetGroupArn"] = tg }, Ct), "State").Count(s => s == "healthy");

    protected static JsonObject LoadBalancers(string tg) => new() { ["targetGroupArn"] = tg, ["containerName"] = "web", ["containerPort"] = 8080 };

    protected static JsonObject WebContainer(string script)
    {
        var c = Container("web", script);
        c["portMappings"] = new JsonArray(new JsonObject { ["containerPort"] = 8080 });
        return c;
    }
}
