using System.Text.Json.Serialization;

namespace Berth.Logs.Api;

// Wire shapes of the Logs Insights operations (botocore logs 2014-03-28: StartQuery, GetQueryResults, StopQuery,
// DescribeQueries, GetLogRecord). Query times are epoch seconds in StartQuery and epoch milliseconds in QueryInfo.

public sealed record StartQueryRequest
{
    public string? QueryLanguage { get; set; }
    public string? LogGroupName { get; set; }
    public List<string>? LogGroupNames { get; set; }
    public List<string>? LogGroupIdentifiers { get; set; }
    public long? StartTime { get; set; }
    public long? EndTime { get; set; }
    public string? QueryString { get; set; }
    public int? Limit { get; set; }
}

public sealed record StartQueryResponse(string QueryId);

public sealed record QueryIdRequest
{
    public string? QueryId { get; set; }
    public string? NextToken { get; set; }
    public int? MaxItems { get; set; }
}

public sealed record ResultField(string Field, string Value);

public sealed record QueryStatistics(double RecordsMatched, double RecordsScanned, double EstimatedRecordsSkipped, double BytesScanned, double EstimatedBytesSkipped, double LogGroupsScanned);

public sealed record GetQueryResultsResponse(string QueryLanguage, List<List<ResultField>> Results, QueryStatistics Statistics, string Status, string? NextToken);

public sealed record StopQueryResponse(bool Success);

public sealed record DescribeQueriesRequest
{
    public string? LogGroupName { get; set; }
    public string? Status { get; set; }
    public int? MaxResults { get; set; }
    public string? NextToken { get; set; }
    public string? QueryLanguage { get; set; }
}

public sealed record QueryInfo(string QueryLanguage, string QueryId, string QueryString, string Status, long CreateTime, string LogGroupName, long? QueryDuration, double BytesScanned);

public sealed record DescribeQueriesResponse(List<QueryInfo> Queries, string? NextToken);

public sealed record GetLogRecordRequest
{
    public string? LogRecordPointer { get; set; }
    public bool? Unmask { get; set; }
}

public sealed record GetLogRecordResponse(Dictionary<string, string> LogRecord);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StartQueryRequest))]
[JsonSerializable(typeof(StartQueryResponse))]
[JsonSerializable(typeof(QueryIdRequest))]
[JsonSerializable(typeof(GetQueryResultsResponse))]
[JsonSerializable(typeof(StopQueryResponse))]
[JsonSerializable(typeof(DescribeQueriesRequest))]
[JsonSerializable(typeof(DescribeQueriesResponse))]
[JsonSerializable(typeof(GetLogRecordRequest))]
[JsonSerializable(typeof(GetLogRecordResponse))]
internal sealed partial class InsightsJson : JsonSerializerContext;
