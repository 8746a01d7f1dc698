using System.Text;
using System.Xml.Linq;
using Berth.Elb;
using Berth.Elb.Api;
using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Protocol;
using Berth.Kernel.Tagging;
using Berth.Server.Edge;
using Berth.Store;
using Berth.TestSupport;
using Berth.TestSupport.Networking;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Server.Tests.Edge;

/// <summary>The Query endpoint end to end over real services and a real SQLite file, requests signed with SigV4.</summary>
public sealed class QueryEndpointTests : IDisposable
{
    const string Key = "AKIDQUERYTEST";
    const string Secret = "query-test-secret";
    static readonly XNamespace X = ElbOperations.Service.Query!.XmlNamespace;

    readonly TempDatabase _db = new();
    readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    readonly QueryEndpoint _endpoint;

    public QueryEndpointTests()
    {
        var store = new SqliteStateStore(_db.Db);
        var arns = new Arns("000000000000", "us-east-1");
        var dataPlane = new NoDataPlane();
        var settings = new LoadBalancerSettings("127.0.0.1", "elb.test");
        var actions = new ActionValidator(store);
        var network = new LoadBalancerNetwork(InMemoryNetworkDirectory.WithShortNames());
        var catalog = new OperationCatalog();
        ElbOperations.Register(catalog.For(ElbOperations.Service),
            new LoadBalancerService(store, arns, settings, network, dataPlane, _clock),
            new TargetGroupService(store, arns, network, dataPlane, _clock),
            new TargetRegistry(store, dataPlane, _clock, network),
            new ListenerService(store, actions, settings, dataPlane),
            new RuleService(store, actions, dataPlane),
            new ElbTags(store, new TagService(store)));
        _endpoint = new QueryEndpoint(ProtocolTables.Build(catalog, new AllowAll()).Query, new SigV4Verifier(new StaticCredentials((Key, Secret)), _clock), NullLogger<QueryEndpoint>.Instance);
    }

    public void Dispose() => _db.Dispose();

    async Task<(int Status, XElement Root, string ContentType)> Send(string form, string service = "elasticloadbalancing", bool sign = true)
    {
        var body = Encoding.UTF8.GetBytes(form);
        var request = new SigV4Request("POST", "/", "", [new("Host", "localhost:4566"), new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], body);
        var http = EdgeRequests.Post(sign ? EdgeRequests.Signed(request, Key, Secret, service, _clock) : request);
        Assert.True(QueryEndpoint.IsQueryRequest(http.Request));

        await _endpoint.HandleAsync(http);

        return (http.Response.StatusCode, XDocument.Parse(EdgeRequests.ResponseText(http)).Root!, http.Response.ContentType!);
    }

    static string ErrorCode(XElement root) => root.Element(X + "Error")!.Element(X + "Code")!.Value;

    const string V = "&Version=2015-12-01";

    [Fact]
    public async Task CreateAndDescribe_XmlInTheElbNamespace()
    {
        var (status, root, type) = await Send("Action=CreateLoadBalancer&Name=web&Subnets.member.1=subnet-a&Tags.member.1.Key=env&Tags.member.1.Value=dev" + V);

        Assert.Equal(200, status);
        Assert.Equal("text/xml", type);
        var lb = root.Element(X + "CreateLoadBalancerResult")!.Element(X + "LoadBalancers")!.Element(X + "member")!;
        Assert.Equal("web", lb.Element(X + "LoadBalancerName")!.Value);
        Assert.Equal("provisioning", lb.Element(X + "State")!.Element(X + "Code")!.Value);
        Assert.Equal("subnet-a", lb.Element(X + "AvailabilityZones")!.Element(X + "member")!.Element(X + "SubnetId")!.Value);

        var (_, described, _) = await Send("Action=DescribeLoadBalancers&Names.member.1=web" + V);
        Assert.Single(described.Descendants(X + "LoadBalancerName"));
        Assert.NotNull(described.Element(X + "ResponseMetadata")!.Element(X + "RequestId"));
    }

    [Theory]
    [InlineData("Action=DescribeLoadBalancers&Names.member.1=nope" + V, 400, "LoadBalancerNotFound")]
    [InlineData("Action=CreateLoadBalancer" + V, 400, "ValidationError")]
    [InlineData("Action=CreateTargetGroup&Name=t&Protocol=HTTP&Port=eighty" + V, 400, "ValidationError")]
    [InlineData("Action=ModifyTargetGroup&TargetGroupArn=x&HealthCheckEnabled=maybe" + V, 400, "ValidationError")]
    [InlineData("Action=DescribeLoadBalancers&PageSize=0" + V, 400, "ValidationError")]
    [InlineData("Action=DescribeLoadBalancers&Names.member.zero=a" + V, 400, "ValidationError")]
    [InlineData("Action=LaunchRocket" + V, 400, "InvalidAction")]
    [InlineData("Version=2015-12-01", 400, "MissingAction")]
    [InlineData("Action=DescribeLoadBalancers", 400, "MissingParameter")]
    [InlineData("Action=DescribeLoadBalancers&Version=2012-06-01", 400, "ValidationError")]
    [InlineData("%%%&&==&Action=DescribeTags" + V, 400, "ValidationError")]
    public async Task BadRequests_XmlErrorsWithTheRightStatus(string form, int status, string code)
    {
        var (s, root, _) = await Send(form);

        Assert.Equal(status, s);
        Assert.Equal(X + "ErrorResponse", root.Name);
        Assert.Equal(code, ErrorCode(root));
        Assert.Equal("Sender", root.Element(X + "Error")!.Element(X + "Type")!.Value);
        Assert.NotEmpty(root.Element(X + "RequestId")!.Value);
    }

    [Fact]
    public async Task Unsigned_MissingAuthenticationToken403()
    {
        var (status, root, _) = await Send("Action=DescribeLoadBalancers" + V, sign: false);

        Assert.Equal(403, status);
        Assert.Equal("MissingAuthenticationToken", ErrorCode(root));
    }

    [Fact]
    public async Task SignedForAnotherService_SignatureDoesNotMatch403()
    {
        var (status, root, _) = await Send("Action=DescribeLoadBalancers" + V, service: "ecs");

        Assert.Equal(403, status);
        Assert.Equal("SignatureDoesNotMatch", ErrorCode(root));
        Assert.Contains("elasticloadbalancing", root.Element(X + "Error")!.Element(X + "Message")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongSecret_SignatureDoesNotMatch403()
    {
        var body = Encoding.UTF8.GetBytes("Action=DescribeLoadBalancers" + V);
        var http = EdgeRequests.Post(EdgeRequests.Signed(
            new SigV4Request("POST", "/", "", [new("Host", "h"), new("Content-Type", "application/x-www-form-urlencoded")], body), Key, "wrong", "elasticloadbalancing", _clock));

        await _endpoint.HandleAsync(http);

        Assert.Equal(403, http.Response.StatusCode);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", EdgeRequests.ResponseText(http), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TutorialFlow_ThroughTheWire()
    {
        var lbArn = (await Send("Action=CreateLoadBalancer&Name=flow" + V)).Root.Descendants(X + "LoadBalancerArn").First().Value;
        var tgArn = (await Send("Action=CreateTargetGroup&Name=flow-tg&Protocol=HTTP&Port=80&TargetType=ip&Matcher.HttpCode=200-299" + V)).Root.Descendants(X + "TargetGroupArn").First().Value;
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var (ls, listener, _) = await Send($"Action=CreateListener&LoadBalancerArn={Uri.EscapeDataString(lbArn)}&Protocol=HTTP&Port={port}"
            + $"&DefaultActions.member.1.Type=forward&DefaultActions.member.1.ForwardConfig.TargetGroups.member.1.TargetGroupArn={Uri.EscapeDataString(tgArn)}"
            + "&DefaultActions.member.1.ForwardConfig.TargetGroups.member.1.Weight=5" + V);
        Assert.Equal(200, ls);
        var listenerArn = listener.Descendants(X + "ListenerArn").First().Value;
        Assert.Equal("5", listener.Descendants(X + "Weight").First().Value);

        var (rs, rule, _) = await Send($"Action=CreateRule&ListenerArn={Uri.EscapeDataString(listenerArn)}&Priority=3"
            + "&Conditions.member.1.Field=http-header&Conditions.member.1.HttpHeaderConfig.HttpHeaderName=X-Env&Conditions.member.1.HttpHeaderConfig.Values.member.1=dev"
            + "&Actions.member.1.Type=redirect&Actions.member.1.RedirectConfig.Host=example.com&Actions.member.1.RedirectConfig.StatusCode=HTTP_302" + V);
        Assert.Equal(200, rs);
        Assert.Equal("X-Env", rule.Descendants(X + "HttpHeaderName").Single().Value);

        var rules = (await Send($"Action=DescribeRules&ListenerArn={Uri.EscapeDataString(listenerArn)}" + V)).Root;
        Assert.Equal(["3", "default"], rules.Descendants(X + "Priority").Select(p => p.Value));
        Assert.Equal(["false", "true"], rules.Descendants(X + "IsDefault").Select(p => p.Value));

        Assert.Equal(200, (await Send($"Action=RegisterTargets&TargetGroupArn={Uri.EscapeDataString(tgArn)}&Targets.member.1.Id=10.1.2.3&Targets.member.1.Port=8080" + V)).Status);
        var health = (await Send($"Action=DescribeTargetHealth&TargetGroupArn={Uri.EscapeDataString(tgArn)}" + V)).Root;
        Assert.Equal("initial", health.Descendants(X + "State").Single().Value);
        Assert.Equal("8080", health.Descendants(X + "HealthCheckPort").Single().Value);

        var (ds, deleteTg, _) = await Send($"Action=DeleteTargetGroup&TargetGroupArn={Uri.EscapeDataString(tgArn)}" + V);
        Assert.Equal((400, "ResourceInUse"), (ds, ErrorCode(deleteTg)));
        Assert.Equal(200, (await Send($"Action=DeleteLoadBalancer&LoadBalancerArn={Uri.EscapeDataString(lbArn)}" + V)).Status);
        Assert.Equal(200, (await Send($"Action=DeleteTargetGroup&TargetGroupArn={Uri.EscapeDataString(tgArn)}" + V)).Status);
    }
}
