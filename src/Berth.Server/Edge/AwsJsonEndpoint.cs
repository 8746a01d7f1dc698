using System.Text.Json;
using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Protocol;
using Berth.Kernel.Storage;

namespace Berth.Server.Edge;

/// <summary>
/// <c>POST /</c> for the AWS JSON protocols (1.1, and 1.0 answered as 1.0): verify the SigV4 signature, find the operation
/// by <c>X-Amz-Target</c>, run it, and answer in the AWS shape — a client's mistake is a 4xx, never a 500.
/// </summary>
public sealed partial class AwsJsonEndpoint(OperationTable operations, SigV4Verifier verifier, ILogger<AwsJsonEndpoint> log)
{
    public const int MaxBodyBytes = 1024 * 1024;
    const string ContentType = "application/x-amz-json-1.1";
    const string ContentType10 = "application/x-amz-json-1.0";

    public Task HandleAsync(HttpContext http) => HandleAsync(http, authenticatedKeyId: null);

    /// <summary>
    /// For a caller the server has already authenticated another way (the web console's session cookie): the same
    /// operations and answers, without a SigV4 signature. Never map this to a route that does not check its caller.
    /// </summary>
    public Task HandleAuthenticatedAsync(HttpContext http, string accessKeyId) =>
        HandleAsync(http, accessKeyId ?? throw new ArgumentNullException(nameof(accessKeyId)));

    async Task HandleAsync(HttpContext http, string? authenticatedKeyId)
    {
        var requestId = Guid.NewGuid().ToString();
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        var ct = http.RequestAborted;
        var contentType = http.Request.ContentType?.StartsWith(ContentType10, StringComparison.OrdinalIgnoreCase) == true ? ContentType10 : ContentType;
        http.Items[ContentTypeKey] = contentType;
        byte[] body;
        try
        {
            body = await ReadBodyAsync(http.Request, ct, operations.MaxRequestBytes(http.Request.Headers["X-Amz-Target"].ToString()) ?? MaxBodyBytes);
        }
        catch (AwsException e)
        {
            await WriteErrorAsync(http, e.StatusCode, e.Code, e.Message);
            return;
        }

        SigV4Result? auth = null;
        if (authenticatedKeyId is null)
        {
            auth = verifier.Verify(ToSigV4(http.Request, body));
            if (!auth.IsSuccess)
            {
                await WriteErrorAsync(http, 403, auth.ErrorCode, auth.ErrorMessage);
                return;
            }
        }
        var principal = auth?.Principal ?? verifier.PrincipalOf(authenticatedKeyId!);
        if (principal is null)
        {
            await WriteErrorAsync(http, 403, SigV4ErrorCodes.UnrecognizedClient, "The security token included in the request is invalid.");
            return;
        }

        var target = http.Request.Headers["X-Amz-Target"].ToString();
        http.Items[QueryErrorsKey] = operations.QueryCompatibleErrors(target);
        var op = operations.Find(target);
        var dot = target.IndexOf('.');
        Observability.ApiMetrics.SetOperation(http, op is null || dot < 0 ? "json" : operations.ServiceOf(target[..dot]) ?? "json", op is null ? "unknown" : target[(dot + 1)..]);
        if (op is null)
        {
            await WriteErrorAsync(http, 400, "UnknownOperationException", target.Length == 0 ? "Missing X-Amz-Target header." : $"Unknown operation {target}.");
            return;
        }
        if (auth is not null && operations.ServiceOf(target[..dot]) is { } signingName && !string.Equals(auth.Service, signingName, StringComparison.Ordinal))
        {
            await WriteErrorAsync(http, 403, SigV4ErrorCodes.InvalidSignature, $"Credential should be scoped to correct service: '{signingName}'.");
            return;
        }
        try
        {
            using var caller = Caller.Use(principal, SourceAddress.Of(http));
            var response = await op(body, ct);
            http.Response.StatusCode = 200;
            http.Response.ContentType = contentType;
            await http.Response.Body.WriteAsync(response, ct);
        }
        catch (AwsException e)
        {
            await WriteErrorAsync(http, e.StatusCode, e.Code, e.Message);
        }
        catch (JsonException e)
        {
            await WriteErrorAsync(http, 400, "SerializationException", Describe(e));
        }
        catch (ConcurrencyConflictException e)
        {
            await WriteErrorAsync(http, 409, "ConflictException", $"{e.Message} Try again.");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception e)
        {
            LogServerError(log, e, target, requestId);
            await WriteErrorAsync(http, 500, "ServerException", $"An internal error occurred (request {requestId}).");
        }
    }

    static string Describe(JsonException e) =>
        e.Path is { Length: > 1 } path
            ? $"Invalid JSON at {path.TrimStart('$', '.')}: a value has the wrong type or form."
            : "The request body is not valid JSON for this operation.";

    internal static async Task<byte[]> ReadBodyAsync(HttpRequest req, CancellationToken ct, int maxBodyBytes = MaxBodyBytes)
    {
        if (req.ContentLength > maxBodyBytes)
            throw new AwsException("RequestEntityTooLargeException", $"The request body is larger than {maxBodyBytes} bytes.", 413);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await req.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > maxBodyBytes)
                throw new AwsException("RequestEntityTooLargeException", $"The request body is larger than {maxBodyBytes} bytes.", 413);
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    public static SigV4Request ToSigV4(HttpRequest req, byte[] body)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var h in req.Headers)
        {
            foreach (var v in h.Value)
                headers.Add(new(h.Key, v ?? ""));
        }
        var rawTarget = req.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? req.Path.Value ?? "/";
        var q = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = q >= 0 ? rawTarget[..q] : rawTarget;
        var query = q >= 0 ? rawTarget[(q + 1)..] : "";
        return new SigV4Request(req.Method, path, query, headers, body);
    }

    const string ContentTypeKey = "berth.json.contentType";
    const string QueryErrorsKey = "berth.json.queryErrors";

    static async Task WriteErrorAsync(HttpContext http, int status, string code, string message)
    {
        if (http.Response.HasStarted)
            return;
        http.Response.StatusCode = status;
        http.Response.ContentType = http.Items[ContentTypeKey] as string ?? ContentType;
        var type = code;
        if (http.Items[QueryErrorsKey] is IReadOnlyDictionary<string, string> shapes)
        {
            // awsQueryCompatible: the shape name in __type, the Query code (what botocore reports) in a header.
            type = shapes.GetValueOrDefault(code, code);
            http.Response.Headers["x-amzn-query-error"] = $"{code};{(status < 500 ? "Sender" : "Receiver")}";
        }
        http.Response.Headers["x-amzn-ErrorType"] = type;
        await http.Response.Body.WriteAsync(new AwsError(type, message).ToJson());
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Operation {Target} failed (request {RequestId})")]
    static partial void LogServerError(ILogger logger, Exception e, string target, string requestId);
}
