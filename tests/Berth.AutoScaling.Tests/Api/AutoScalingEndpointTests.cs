using System.Text;
using System.Text.Json;
using Berth.AutoScaling.Api;
using Berth.Ecs;
using Berth.Ecs.Model;
using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Protocol;
using Berth.Kernel.Storage;
using Berth.Server.Edge;
using Berth.Store;
using Berth.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Berth.AutoScaling.Tests.Api;

/// <summary>Application Auto Scaling through the JSON 1.1 endpoint over a real SQLite file, requests signed with SigV4.</summary>
public sealed class AutoScalingEndpointTests : IDisposable
{
    const string Key = "AKIDAASTEST";
    const string Secret = "aas-test-secret";
    const string Rid = "service/c/web";
    const string Dim = "ecs:service:DesiredCount";

    readonly TempDatabase _db = new();
    readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    readonly SqliteStateStore _store;
    readonly AwsJsonEndpoint _endpoint;
    readonly OperationTable _table;

    public AutoScalingEndpointTests()
    {
        _store = new SqliteStateStore(_db.Db);
        var arns = new Arns("000000000000", "us-east-1");
        var catalog = new OperationCatalog();
        AutoScalingOperations.Register(catalog.For(AutoScalingOperations.Service), new ScalableTargetService(_store, arns, _clock),
            new ScalingPolicyService(_store, arns, new AutoScalingOptions(), _clock), new ScheduledActionService(_store, arns, _clock));
        _table = ProtocolTables.Build(catalog, new AllowAll()).Json;
        _endpoint = new AwsJsonEndpoint(_table, new SigV4Verifier(new StaticCredentials((Key, Secret)), _clock), NullLogger<AwsJsonEndpoint>.Instance);
    }

    public void Dispose() => _db.Dispose();

    Task ServiceAsync() => _store.CommitAsync(StoreWrite.Insert(EcsKinds.Services, new ServiceRecord
    {
        Service = new EcsService { ServiceName = "web", ClusterArn = "arn:aws:ecs:us-east-1:000000000000:cluster/c", Status = "ACTIVE", DesiredCount = 1 },
    }), CancellationToken.None);

    async Task<(int Status, JsonElement Body)> Send(string operation, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var request = new SigV4Request("POST", "/", "", [new("Host", "localhost:4566"), new("Content-Type", "application/x-amz-json-1.1"),
            new("X-Amz-Target", $"AnyScaleFrontendService.{operation}")], body);
        var http = EdgeRequests.Post(EdgeRequests.Signed(request, Key, Secret, "application-autoscaling", _clock));
        await _endpoint.HandleAsync(http);
        return (http.Response.StatusCode, JsonDocument.Parse(EdgeRequests.ResponseText(http)).RootElement.Clone());
    }

    static void AssertError((int Status, JsonElement Body) r, string type, string? contains = null)
    {
        Assert.Equal(400, r.Status);
        Assert.Equal(type, r.Body.GetProperty("__type").GetString());
        if (contains is not null)
            Assert.Contains(contains, r.Body.GetProperty("message").GetString());
    }

    const string Target = $$"""{"ServiceNamespace":"ecs","ResourceId":"{{Rid}}","ScalableDimension":"{{Dim}}"}""";

    [Fact]
    public async Task RegisterAndDescribe_UseTheModelsNamesAndEpochSeconds()
    {
        await ServiceAsync();
        var reg = await Send("RegisterScalableTarget", $$"""{"ServiceNamespace":"ecs","ResourceId":"{{Rid}}","ScalableDimension":"{{Dim}}","MinCapacity":1,"MaxCapacity":4}""");
        Assert.Equal(200, reg.Status);
        Assert.StartsWith("arn:aws:application-autoscaling:us-east-1:000000000000:scalable-target/", reg.Body.GetProperty("ScalableTargetARN").GetString());

        var d = await Send("DescribeScalableTargets", """{"ServiceNamespace":"ecs"}""");
        var t = d.Body.GetProperty("ScalableTargets")[0];
        Assert.Equal((Rid, 1, 4), (t.GetProperty("ResourceId").GetString(), t.GetProperty("MinCapacity").GetInt32(), t.GetProperty("MaxCapacity").GetInt32()));
        Assert.Equal(JsonValueKind.Number, t.GetProperty("CreationTime").ValueKind);
        Assert.False(d.Body.TryGetProperty("NextToken", out _));
    }

    [Fact]
    public async Task Register_RefusesAMissingServiceAndOtherNamespaces_ChangingNothing()
    {
        AssertError(await Send("RegisterScalableTarget", $$"""{"ServiceNamespace":"ecs","ResourceId":"{{Rid}}","ScalableDimension":"{{Dim}}","MinCapacity":1,"MaxCapacity":4}"""),
            "ValidationException", "ECS service doesn't exist: service/c/web");
        AssertError(await Send("RegisterScalableTarget", """{"ServiceNamespace":"dynamodb","ResourceId":"table/t","ScalableDimension":"dynamodb:table:ReadCapacityUnits"}"""),
            "ValidationException", "ecs");
        AssertError(await Send("RegisterScalableTarget", """{"ServiceNamespace":"ecs","ResourceId":"service/c","ScalableDimension":"ecs:service:DesiredCount"}"""),
            "ValidationException", "service/CLUSTER/SERVICE");
        Assert.Equal(0, (await Send("DescribeScalableTargets", """{"ServiceNamespace":"ecs"}""")).Body.GetProperty("ScalableTargets").GetArrayLength());
    }

    [Fact]
    public async Task MistypedMembers_AreA400_NotA500()
    {
        AssertError(await Send("RegisterScalableTarget", """{"ServiceNamespace":"ecs","MinCapacity":"one"}"""), "SerializationException");
        AssertError(await Send("PutScheduledAction", """{"ServiceNamespace":"ecs","StartTime":"soon"}"""), "SerializationException");
        AssertError(await Send("UntagResource", """{"ResourceARN":"arn:aws:application-autoscaling:us-east-1:0:scalable-target/x","TagKeys":[null]}"""), "ValidationException");
        AssertError(await Send("PutScalingPolicy", Target[..^1] + ""","PolicyName":"p","PolicyType":"StepScaling","StepScalingPolicyConfiguration":{"AdjustmentType":"ChangeInCapacity","StepAdjustments":[null]}}"""),
            "ValidationException");
    }

    [Fact]
    public async Task PolicyAndScheduledAction_ErrorPaths()
    {
        var tt = Target[..^1] + ""","PolicyName":"cpu","PolicyType":"TargetTrackingScaling","TargetTrackingScalingPolicyConfiguration":{"TargetValue":50,"PredefinedMetricSpecification":{"PredefinedMetricType":"ECSServiceAverageCPUUtilization"}}}""";
        AssertError(await Send("PutScalingPolicy", tt), "ObjectNotFoundException", "No scalable target registered for service namespace: ecs, resource ID: service/c/web");
        await ServiceAsync();
        Assert.Equal(200, (await Send("RegisterScalableTarget", Target[..^1] + ""","MinCapacity":0,"MaxCapacity":2}""")).Status);
        var put = await Send("PutScalingPolicy", tt);
        Assert.Equal(200, put.Status);
        Assert.Equal(2, put.Body.GetProperty("Alarms").GetArrayLength());
        AssertError(await Send("PutScalingPolicy", Target[..^1] + ""","PolicyName":"p","PolicyType":"PredictiveScaling","PredictiveScalingPolicyConfiguration":{}}"""), "ValidationException", "Predictive");
        AssertError(await Send("DeleteScalingPolicy", Target[..^1] + ""","PolicyName":"nope"}"""), "ObjectNotFoundException");
        AssertError(await Send("PutScheduledAction", Target[..^1] + ""","ScheduledActionName":"s","Schedule":"cron(0 8 * * * *)","ScalableTargetAction":{"MinCapacity":1}}"""),
            "ValidationException", "day-of-month");
        AssertError(await Send("DeleteScheduledAction", Target[..^1] + ""","ScheduledActionName":"s"}"""), "ObjectNotFoundException");
        AssertError(await Send("DescribeScalingActivities", """{"ServiceNamespace":"ecs","NextToken":"x"}"""), "InvalidNextTokenException");
        AssertError(await Send("ListTagsForResource", """{"ResourceARN":"arn:aws:application-autoscaling:us-east-1:000000000000:scalable-target/none"}"""), "ResourceNotFoundException");
    }

    [Fact]
    public void Metrics_LabelTheseCallsApplicationAutoscaling() =>
        Assert.Equal("application-autoscaling", _table.ServiceOf(AutoScalingOperations.Prefix));
}
