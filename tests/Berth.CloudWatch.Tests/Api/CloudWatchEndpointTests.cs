using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Berth.CloudWatch.Api;
using Berth.Elb.Api;
using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Protocol;
using Berth.Server.Edge;
using Berth.Store;
using Berth.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Berth.CloudWatch.Tests.Api;

/// <summary>CloudWatch over both of its protocols (AWS JSON 1.0 and Query), real services over a real SQLite file, SigV4-signed.</summary>
public sealed class CloudWatchEndpointTests : IDisposable
{
    const string Key = "AKIDCWTEST";
    const string Secret = "cloudwatch-test-secret";
    static readonly XNamespace X = CloudWatchOperations.Service.Query!.XmlNamespace;
    static readonly DateTimeOffset Now = new(2026, 11, 22, 5, 30, 0, TimeSpan.Zero);

    readonly TempDatabase _db = new();
    readonly FakeTimeProvider _clock = new(Now);
    readonly AwsJsonEndpoint _json;
    readonly QueryEndpoint _query;
    readonly OperationTable _table;

    public CloudWatchEndpointTests()
    {
        var db = _db.Db;
        var points = new SqliteMetricStore(db);
        var catalog = new OperationCatalog();
        CloudWatchOperations.Register(catalog.For(CloudWatchOperations.Service), new MetricService(points, _clock), new MetricDataQueries(points),
            new AlarmService(new SqliteStateStore(db), new Arns("000000000000", "us-east-1"), _clock), new CloudWatchAccess(new Arns("000000000000", "us-east-1")));
        // A second Query service beside CloudWatch (one tiny definition is enough to serve ELBv2's version and namespace).
        catalog.For(ElbOperations.Service).Add("DescribeTags", CloudWatchJson.Default.CloudWatchEmpty, CloudWatchJson.Default.CloudWatchEmpty,
            (_, _) => Task.FromResult(new CloudWatchEmpty()));
        var tables = ProtocolTables.Build(catalog, new AllowAll());
        var verifier = new SigV4Verifier(new StaticCredentials((Key, Secret)), _clock);
        _table = tables.Json;
        _json = new AwsJsonEndpoint(tables.Json, verifier, NullLogger<AwsJsonEndpoint>.Instance);
        _query = new QueryEndpoint(tables.Query, verifier, NullLogger<QueryEndpoint>.Instance);
    }

    public void Dispose() => _db.Dispose();

    async Task<HttpContext> Send(string body, string contentType, string? target = null, string service = "monitoring")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        List<KeyValuePair<string, string>> headers = [new("Host", "localhost:4566"), new("Content-Type", contentType)];
        if (target is not null)
            headers.Add(new("X-Amz-Target", target));
        var http = EdgeRequests.Post(EdgeRequests.Signed(new SigV4Request("POST", "/", "", headers, bytes), Key, Secret, service, _clock));
        await (target is null ? _query.HandleAsync(http) : _json.HandleAsync(http));
        return http;
    }

    static string Body(HttpContext http) => EdgeRequests.ResponseText(http);

    Task<HttpContext> Json(string op, string body, string contentType = "application/x-amz-json-1.0") =>
        Send(body, contentType, $"{CloudWatchOperations.Prefix}.{op}");

    async Task<(int Status, XElement Root)> Query(string form, string service = "monitoring")
    {
        var http = await Send(form + "&Version=2010-08-01", "application/x-www-form-urlencoded; charset=utf-8", service: service);
        return (http.Response.StatusCode, XDocument.Parse(Body(http)).Root!);
    }

    [Fact]
    public async Task Json_PutThenGetStatistics_Json10AndEpochSeconds()
    {
        var put = await Json("PutMetricData", """{"Namespace":"App","MetricData":[{"MetricName":"Lat","Dimensions":[{"Name":"S","Value":"web"}],"Values":[10,30],"Timestamp":1795325400.5}]}""");
        Assert.Equal(200, put.Response.StatusCode);
        Assert.Equal("application/x-amz-json-1.0", put.Response.ContentType);

        var get = await Json("GetMetricStatistics", """{"Namespace":"App","MetricName":"Lat","Dimensions":[{"Name":"S","Value":"web"}],"StartTime":1795320000,"EndTime":1795330000,"Period":60,"Statistics":["Average","SampleCount"]}""");

        using var doc = JsonDocument.Parse(Body(get));
        var point = doc.RootElement.GetProperty("Datapoints")[0];
        Assert.Equal(1795325400, point.GetProperty("Timestamp").GetDouble());
        Assert.Equal(20, point.GetProperty("Average").GetDouble());
        Assert.Equal(2, point.GetProperty("SampleCount").GetDouble());
        Assert.False(point.TryGetProperty("Maximum", out _));
        Assert.Equal("Lat", doc.RootElement.GetProperty("Label").GetString());
    }

    [Fact]
    public async Task Json_Errors_QueryCompatible()
    {
        var http = await Json("PutMetricData", """{"Namespace":"AWS/EC2","MetricData":[{"MetricName":"x","Value":1}]}""");

        Assert.Equal(400, http.Response.StatusCode);
        Assert.Equal("InvalidParameterValue;Sender", http.Response.Headers["x-amzn-query-error"].ToString());
        using var doc = JsonDocument.Parse(Body(http));
        Assert.Equal("InvalidParameterValueException", doc.RootElement.GetProperty("__type").GetString());

        var missing = await Json("DeleteAlarms", """{"AlarmNames":["nope"]}""");
        Assert.Equal(404, missing.Response.StatusCode);
        Assert.Equal("ResourceNotFound;Sender", missing.Response.Headers["x-amzn-query-error"].ToString());

        var malformed = await Json("ListMetrics", """{"Namespace":""", "application/x-amz-json-1.1");
        Assert.Equal(400, malformed.Response.StatusCode);
        Assert.Equal("application/x-amz-json-1.1", malformed.Response.ContentType);
    }

    [Fact]
    public async Task Json_AlarmShape_ModelNames()
    {
        await Json("PutMetricAlarm", """{"AlarmName":"a","Namespace":"App","MetricName":"Lat","Statistic":"Average","Period":60,"EvaluationPeriods":1,"Threshold":5,"ComparisonOperator":"GreaterThanThreshold","OKActions":["arn:ok"]}""");

        using var doc = JsonDocument.Parse(Body(await Json("DescribeAlarms", "{}")));
        var alarm = doc.RootElement.GetProperty("MetricAlarms")[0];
        Assert.Equal("arn:aws:cloudwatch:us-east-1:000000000000:alarm:a", alarm.GetProperty("AlarmArn").GetString());
        Assert.Equal("arn:ok", alarm.GetProperty("OKActions")[0].GetString());
        Assert.Equal(JsonValueKind.Number, alarm.GetProperty("StateUpdatedTimestamp").ValueKind);
        Assert.False(alarm.TryGetProperty("OwnedBy", out _));
        Assert.Equal(0, doc.RootElement.GetProperty("CompositeAlarms").GetArrayLength());
    }

    [Fact]
    public async Task Query_PutGetListAndAlarms_XmlInTheMonitoringNamespace()
    {
        var (status, _) = await Query("Action=PutMetricData&Namespace=App&MetricData.member.1.MetricName=Lat&MetricData.member.1.Value=7.5&MetricData.member.1.Unit=Seconds&MetricData.member.1.Dimensions.member.1.Name=S&MetricData.member.1.Dimensions.member.1.Value=web&MetricData.member.1.Timestamp=2026-11-22T05:29:10Z");
        Assert.Equal(200, status);

        var (_, stats) = await Query("Action=GetMetricStatistics&Namespace=App&MetricName=Lat&Dimensions.member.1.Name=S&Dimensions.member.1.Value=web&StartTime=2026-11-22T05:00:00Z&EndTime=2026-11-22T06:00:00Z&Period=60&ExtendedStatistics.member.1=p90");
        var point = stats.Element(X + "GetMetricStatisticsResult")!.Element(X + "Datapoints")!.Element(X + "member")!;
        Assert.Equal("2026-11-22T05:29:00.000Z", point.Element(X + "Timestamp")!.Value);
        Assert.Equal("Seconds", point.Element(X + "Unit")!.Value);
        var entry = point.Element(X + "ExtendedStatistics")!.Element(X + "entry")!;
        Assert.Equal(("p90", "7.5"), (entry.Element(X + "key")!.Value, entry.Element(X + "value")!.Value));

        var (_, data) = await Query("Action=GetMetricData&StartTime=2026-11-22T05:00:00Z&EndTime=2026-11-22T06:00:00Z&MetricDataQueries.member.1.Id=m&MetricDataQueries.member.1.ReturnData=false&MetricDataQueries.member.1.MetricStat.Metric.Namespace=App&MetricDataQueries.member.1.MetricStat.Metric.MetricName=Lat&MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name=S&MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value=web&MetricDataQueries.member.1.MetricStat.Period=60&MetricDataQueries.member.1.MetricStat.Stat=Sum&MetricDataQueries.member.2.Id=e&MetricDataQueries.member.2.Expression=m%2A2");
        var result = data.Descendants(X + "MetricDataResults").Single().Element(X + "member")!;
        Assert.Equal("e", result.Element(X + "Id")!.Value);
        Assert.Equal("15", result.Element(X + "Values")!.Element(X + "member")!.Value);

        var (_, list) = await Query("Action=ListMetrics&Dimensions.member.1.Name=S");
        Assert.Equal("Lat", list.Descendants(X + "MetricName").Single().Value);

        Assert.Equal(200, (await Query("Action=PutMetricAlarm&AlarmName=q&Namespace=App&MetricName=Lat&Statistic=Sum&Period=60&EvaluationPeriods=1&Threshold=1.5&ComparisonOperator=LessThanThreshold")).Status);
        var (_, alarms) = await Query("Action=DescribeAlarms&AlarmNames.member.1=q");
        var alarm = alarms.Descendants(X + "MetricAlarms").Single().Element(X + "member")!;
        Assert.Equal(("1.5", "INSUFFICIENT_DATA"), (alarm.Element(X + "Threshold")!.Value, alarm.Element(X + "StateValue")!.Value));
        Assert.Equal(200, (await Query("Action=SetAlarmState&AlarmName=q&StateValue=ALARM&StateReason=test")).Status);
        var (_, history) = await Query("Action=DescribeAlarmHistory&AlarmName=q");
        Assert.Equal(2, history.Descendants(X + "AlarmHistoryItems").Single().Elements(X + "member").Count());
        Assert.Equal(200, (await Query("Action=DeleteAlarms&AlarmNames.member.1=q")).Status);
    }

    [Theory]
    [InlineData("Action=PutMetricData&Namespace=AWS/ECS&MetricData.member.1.MetricName=m&MetricData.member.1.Value=1", 400, "InvalidParameterValue")]
    [InlineData("Action=PutMetricData&Namespace=App&MetricData.member.1.MetricName=m&MetricData.member.1.Value=abc", 400, "InvalidParameterValue")]
    [InlineData("Action=GetMetricStatistics&Namespace=App&MetricName=m&StartTime=2026-11-22T05:00:00Z&EndTime=2026-11-22T06:00:00Z&Period=60", 400, "InvalidParameterCombination")]
    [InlineData("Action=GetMetricStatistics&MetricName=m", 400, "MissingParameter")]
    [InlineData("Action=DescribeAlarms&NextToken=bm9wZQ==", 400, "InvalidNextToken")]
    [InlineData("Action=SetAlarmState&AlarmName=none&StateValue=OK&StateReason=x", 404, "ResourceNotFound")]
    [InlineData("Action=GetMetricData&StartTime=2026-11-22T05:00:00Z&EndTime=2026-11-22T06:00:00Z&MetricDataQueries.member.1.Id=e&MetricDataQueries.member.1.Expression=FILL(m1%2C0)", 400, "ValidationError")]
    public async Task Query_Errors_ModelCodes(string form, int status, string code)
    {
        var (s, root) = await Query(form);

        Assert.Equal(status, s);
        Assert.Equal(X + "ErrorResponse", root.Name);
        Assert.Equal(code, root.Element(X + "Error")!.Element(X + "Code")!.Value);
    }

    [Fact]
    public async Task Tagging_OneDefinition_BothProtocols()
    {
        const string arn = "arn:aws:cloudwatch:us-east-1:000000000000:alarm:t";
        Assert.Equal(200, (await Query("Action=PutMetricAlarm&AlarmName=t&Namespace=App&MetricName=Lat&Statistic=Sum&Period=60&EvaluationPeriods=1&Threshold=1&ComparisonOperator=LessThanThreshold&Tags.member.1.Key=team&Tags.member.1.Value=web")).Status);

        Assert.Equal(200, (await Json("TagResource", $$"""{"ResourceARN":"{{arn}}","Tags":[{"Key":"env","Value":"dev"}]}""")).Response.StatusCode);
        var (status, listed) = await Query($"Action=ListTagsForResource&ResourceARN={Uri.EscapeDataString(arn)}");
        Assert.Equal(200, status);
        Assert.Equal(["team=web", "env=dev"], listed.Descendants(X + "Tags").Single().Elements(X + "member")
            .Select(m => $"{m.Element(X + "Key")!.Value}={m.Element(X + "Value")!.Value}"));

        Assert.Equal(200, (await Query($"Action=UntagResource&ResourceARN={Uri.EscapeDataString(arn)}&TagKeys.member.1=team")).Status);
        using var doc = JsonDocument.Parse(Body(await Json("ListTagsForResource", $$"""{"ResourceARN":"{{arn}}"}""")));
        Assert.Equal("env", doc.RootElement.GetProperty("Tags").EnumerateArray().Single().GetProperty("Key").GetString());

        var missing = await Json("ListTagsForResource", """{"ResourceARN":"arn:aws:cloudwatch:us-east-1:000000000000:alarm:none"}""");
        Assert.Equal(404, missing.Response.StatusCode);
        Assert.Equal("ResourceNotFoundException;Sender", missing.Response.Headers["x-amzn-query-error"].ToString());
        var (queryMissing, root) = await Query("Action=TagResource&ResourceARN=arn%3Aaws%3Acloudwatch%3Aus-east-1%3A000000000000%3Aalarm%3Anone&Tags.member.1.Key=a&Tags.member.1.Value=b");
        Assert.Equal(404, queryMissing);
        Assert.Equal("ResourceNotFoundException", root.Element(X + "Error")!.Element(X + "Code")!.Value);
    }

    [Theory]
    [InlineData("monitoring", "http://monitoring.amazonaws.com/doc/2010-08-01/")]
    [InlineData("elasticloadbalancing", "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/")]
    public async Task Query_NoVersion_ErrorInTheNamespaceOfTheServiceSignedFor(string service, string ns)
    {
        var http = await Send("Action=ListMetrics", "application/x-www-form-urlencoded; charset=utf-8", service: service);
        var root = XDocument.Parse(Body(http)).Root!;

        Assert.Equal(400, http.Response.StatusCode);
        Assert.Equal(XName.Get("ErrorResponse", ns), root.Name);
        Assert.Equal("MissingParameter", root.Element(XName.Get("Error", ns))!.Element(XName.Get("Code", ns))!.Value);
    }

    [Fact]
    public async Task Query_SignedForAnotherService_Refused()
    {
        var (status, root) = await Query("Action=ListMetrics", service: "elasticloadbalancing");

        Assert.Equal(403, status);
        Assert.Equal("SignatureDoesNotMatch", root.Element(X + "Error")!.Element(X + "Code")!.Value);
    }

    [Fact]
    public void Metrics_LabelCloudWatchCallsMonitoring() =>
        Assert.Equal("monitoring", _table.ServiceOf(CloudWatchOperations.Prefix));
}
