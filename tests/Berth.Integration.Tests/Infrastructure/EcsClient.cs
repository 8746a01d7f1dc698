using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Kernel.Auth;

namespace Berth.Integration.Tests.Infrastructure;

/// <summary>The answer to one AWS JSON 1.1 call: the body on success, else the error's <c>__type</c> and message.</summary>
public sealed class AwsResponse(int status, JsonDocument? document, string? errorType, string? errorMessage) : IDisposable
{
    public int Status { get; } = status;

    public JsonDocument? Document { get; } = document;

    /// <summary>The error's <c>__type</c> (e.g. <c>ClientException</c>); null on success.</summary>
    public string? ErrorType { get; } = errorType;

    public string? ErrorMessage { get; } = errorMessage;

    public bool IsSuccess => ErrorType is null;

    public void Dispose() => Document?.Dispose();
}

/// <summary>Thrown by the typed helpers when the server answers with an error.</summary>
public sealed class AwsCallException(string target, int status, string type, string? message)
    : Exception($"{target} failed: HTTP {status} {type}: {message}")
{
    public string Type { get; } = type;
}

/// <summary>
/// A SigV4-signing client for berthd's POST / endpoint: ECS (signed for service <c>ecs</c>) and CloudWatch Logs
/// (<c>Logs_20140328.*</c>, signed for service <c>logs</c>), plus typed helpers for the task calls the tests use.
/// </summary>
public sealed class EcsClient : IDisposable
{
    public const string EcsPrefix = "AmazonEC2ContainerServiceV20141113";
    public const string LogsPrefix = "Logs_20140328";
    public const string CloudWatchPrefix = "GraniteServiceVersion20100801";
    public const string AutoScalingPrefix = "AnyScaleFrontendService";
    public const string SecretsManagerPrefix = "secretsmanager";
    public const string SsmPrefix = "AmazonSSM";

    readonly HttpClient _http;
    readonly Uri _endpoint;
    readonly SigV4Signer _ecs;
    readonly SigV4Signer _logs;
    readonly SigV4Signer _monitoring;
    readonly SigV4Signer _autoScaling;
    readonly SigV4Signer _secretsManager;
    readonly SigV4Signer _ssm;

    public EcsClient(Uri endpoint, string accessKeyId, string secretAccessKey, string region = "us-east-1")
    {
        _endpoint = endpoint;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(5) })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
        _ecs = new SigV4Signer(accessKeyId, secretAccessKey, region, "ecs");
        _logs = new SigV4Signer(accessKeyId, secretAccessKey, region, "logs");
        _monitoring = new SigV4Signer(accessKeyId, secretAccessKey, region, "monitoring");
        _autoScaling = new SigV4Signer(accessKeyId, secretAccessKey, region, "application-autoscaling");
        _secretsManager = new SigV4Signer(accessKeyId, secretAccessKey, region, "secretsmanager");
        _ssm = new SigV4Signer(accessKeyId, secretAccessKey, region, "ssm");
    }

    /// <summary>
    /// POSTs <paramref name="json"/> with <c>X-Amz-Target: <paramref name="target"/></c>, signed for the target's service.
    /// </summary>
    public async Task<AwsResponse> CallAsync(string target, string json, CancellationToken ct = default)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var host = _endpoint.Authority;
        var prefix = target.Split('.')[0];
        var signer = prefix switch
        {
            LogsPrefix => _logs,
            CloudWatchPrefix => _monitoring,
            AutoScalingPrefix => _autoScaling,
            SecretsManagerPrefix => _secretsManager,
            SsmPrefix => _ssm,
            _ => _ecs,
        };
        // CloudWatch speaks AWS JSON 1.0, the others 1.1.
        var contentType = prefix == CloudWatchPrefix ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1";
        var signed = signer.Sign(new SigV4Request("POST", "/", "",
        [
            new("Host", host),
            new("X-Amz-Target", target),
            new("Content-Type", contentType),
        ], body));

        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        request.Headers.Host = host;
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        foreach (var (name, value) in signed.Request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                continue;
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await _http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        var status = (int)response.StatusCode;
        JsonDocument? doc = null;
        if (text.Length > 0)
        {
            try
            {
                doc = JsonDocument.Parse(text);
            }
            catch (JsonException)
            {
                return new AwsResponse(status, null, $"(non-JSON answer, HTTP {status})", text);
            }
        }
        if (response.IsSuccessStatusCode)
            return new AwsResponse(status, doc, null, null);
        string type = $"HTTP{status}", message = text;
        if (doc is not null && doc.RootElement.ValueKind == JsonValueKind.Object)
        {
            if (doc.RootElement.TryGetProperty("__type", out var t))
                type = t.GetString() ?? type;
            if (doc.RootElement.TryGetProperty("message", out var m) || doc.RootElement.TryGetProperty("Message", out m))
                message = m.GetString() ?? message;
        }
        return new AwsResponse(status, doc, type, message);
    }

    /// <summary>Calls <paramref name="target"/> and returns a copy of the answer's root; throws <see cref="AwsCallException"/> on an error.</summary>
    public async Task<JsonElement> CallOkAsync(string target, JsonNode request, CancellationToken ct = default)
    {
        using var response = await CallAsync(target, request.ToJsonString(), ct);
        if (!response.IsSuccess)
            throw new AwsCallException(target, response.Status, response.ErrorType!, response.ErrorMessage);
        return response.Document?.RootElement.Clone() ?? default;
    }

    public Task<JsonElement> EcsAsync(string operation, JsonNode request, CancellationToken ct = default) =>
        CallOkAsync($"{EcsPrefix}.{operation}", request, ct);

    public Task<JsonElement> LogsAsync(string operation, JsonNode request, CancellationToken ct = default) =>
        CallOkAsync($"{LogsPrefix}.{operation}", request, ct);

    public Task<JsonElement> CloudWatchAsync(string operation, JsonNode request, CancellationToken ct = default) =>
        CallOkAsync($"{CloudWatchPrefix}.{operation}", request, ct);

    public Task<JsonElement> AutoScalingAsync(string operation, JsonNode request, CancellationToken ct = default) =>
        CallOkAsync($"{AutoScalingPrefix}.{operation}", request, ct);

    public Task<JsonElement> SecretsManagerAsync(string operation, JsonNode request, CancellationToken ct = default) =>
        CallOkAsync($"{SecretsManagerPrefix}.{operation}", request, ct);

    public Task<JsonElement> SsmAsync(string operation, JsonNode request, CancellationToken ct = default) =>
        CallOkAsync($"{SsmPrefix}.{operation}", request, ct);

    public async Task<string> CreateClusterAsync(string name, CancellationToken ct = default)
    {
        var r = await EcsAsync("CreateCluster", new JsonObject { ["clusterName"] = name }, ct);
        return r.GetProperty("cluster").GetProperty("clusterArn").GetString()!;
    }

    /// <summary>Registers <paramref name="taskDefinition"/> (the RegisterTaskDefinition request) and returns its ARN.</summary>
    public async Task<string> RegisterTaskDefinitionAsync(JsonObject taskDefinition, CancellationToken ct = default)
    {
        var r = await EcsAsync("RegisterTaskDefinition", taskDefinition, ct);
        return r.GetProperty("taskDefinition").GetProperty("taskDefinitionArn").GetString()!;
    }

    /// <summary>RunTask; returns the new tasks' ARNs (failures throw).</summary>
    public async Task<IReadOnlyList<string>> RunTaskAsync(string cluster, string taskDefinition, int count = 1, CancellationToken ct = default)
    {
        var r = await EcsAsync("RunTask", new JsonObject
        {
            ["cluster"] = cluster,
            ["taskDefinition"] = taskDefinition,
            ["count"] = count,
            ["launchType"] = "FARGATE",
        }, ct);
        if (r.TryGetProperty("failures", out var failures) && failures.GetArrayLength() > 0)
            throw new InvalidOperationException($"RunTask failures: {failures}");
        return r.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("taskArn").GetString()!).ToList();
    }

    public async Task<TaskView> StopTaskAsync(string cluster, string taskArn, string? reason = null, CancellationToken ct = default)
    {
        var request = new JsonObject { ["cluster"] = cluster, ["task"] = taskArn };
        if (reason is not null)
            request["reason"] = reason;
        var r = await EcsAsync("StopTask", request, ct);
        return new TaskView(r.GetProperty("task"));
    }

    public async Task<IReadOnlyList<TaskView>> DescribeTasksAsync(string cluster, IEnumerable<string> taskArns, CancellationToken ct = default)
    {
        var r = await EcsAsync("DescribeTasks", new JsonObject
        {
            ["cluster"] = cluster,
            ["tasks"] = new JsonArray(taskArns.Select(a => (JsonNode)JsonValue.Create(a)).ToArray()),
        }, ct);
        return r.GetProperty("tasks").EnumerateArray().Select(t => new TaskView(t)).ToList();
    }

    public async Task<TaskView> DescribeTaskAsync(string cluster, string taskArn, CancellationToken ct = default) =>
        (await DescribeTasksAsync(cluster, [taskArn], ct)).SingleOrDefault()
        ?? throw new InvalidOperationException($"DescribeTasks does not know {taskArn}.");

    /// <summary>GetLogEvents from the head of the stream; returns the messages.</summary>
    public async Task<IReadOnlyList<string>> GetLogMessagesAsync(string group, string stream, CancellationToken ct = default)
    {
        var r = await LogsAsync("GetLogEvents", new JsonObject
        {
            ["logGroupName"] = group,
            ["logStreamName"] = stream,
            ["startFromHead"] = true,
        }, ct);
        return r.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString() ?? "").ToList();
    }

    public void Dispose() => _http.Dispose();
}
