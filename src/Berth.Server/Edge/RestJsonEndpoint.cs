using System.Text.Json;
using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Protocol;
using Berth.Kernel.Storage;

namespace Berth.Server.Edge;

/// <summary>
/// The REST-JSON protocol: each operation on its own route (<see cref="HttpBinding"/>). Verifies the SigV4 signature for
/// the operation's service, reads the request from the path, query string and JSON body, and answers in the protocol's
/// shape — errors with <c>x-amzn-ErrorType</c> and a JSON body; a client's mistake is a 4xx, never a 500.
/// </summary>
public sealed partial class RestJsonEndpoint(SigV4Verifier verifier, ProtocolTables tables, ILogger<RestJsonEndpoint> log)
{
    const string ContentType = "application/json";

    public async Task HandleAsync(HttpContext http, RestOperation operation)
    {
        var requestId = Guid.NewGuid().ToString();
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        var ct = http.RequestAborted;
        var service = operation.Service;
        Observability.ApiMetrics.SetOperation(http, service.SigningName, operation.Definition.Name);
        try
        {
            var body = await AwsJsonEndpoint.ReadBodyAsync(http.Request, ct);
            var auth = verifier.Verify(AwsJsonEndpoint.ToSigV4(http.Request, body));
            if (!auth.IsSuccess)
            {
                await WriteErrorAsync(http, 403, auth.ErrorCode!, auth.ErrorMessage!);
                return;
            }
            if (!string.Equals(auth.Service, service.SigningName, StringComparison.Ordinal))
            {
                await WriteErrorAsync(http, 403, "InvalidSignatureException", $"Credential should be scoped to correct service: '{service.SigningName}'.");
                return;
            }
            var path = http.Request.RouteValues.Where(v => v.Value is string).ToDictionary(v => v.Key, v => (string)v.Value!, StringComparer.OrdinalIgnoreCase);
            var query = http.Request.Query.ToDictionary(q => q.Key, q => (IReadOnlyList<string>)q.Value.Select(v => v ?? "").ToList(), StringComparer.Ordinal);
            var request = RestJsonCodec.Read(operation.Definition, path, query, body, service.InvalidValueCode);
            using var caller = Caller.Use(auth.Principal, SourceAddress.Of(http));
            var response = await tables.Invoker.InvokeAsync(service, operation.Definition, request, ct);
            http.Response.StatusCode = operation.Http.SuccessStatus;
            http.Response.ContentType = ContentType;
            await http.Response.Body.WriteAsync(RestJsonCodec.Write(operation.Definition, response), ct);
        }
        catch (AwsException e)
        {
            await WriteErrorAsync(http, e.StatusCode, e.Code, e.Message);
        }
        catch (JsonException)
        {
            await WriteErrorAsync(http, 400, "SerializationException", "The request body is not valid JSON for this operation.");
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
            LogServerError(log, e, operation.Definition.Name, requestId);
            await WriteErrorAsync(http, 500, "InternalServerException", $"An internal error occurred (request {requestId}).");
        }
    }

    static async Task WriteErrorAsync(HttpContext http, int status, string code, string message)
    {
        if (http.Response.HasStarted)
            return;
        http.Response.StatusCode = status;
        http.Response.ContentType = ContentType;
        http.Response.Headers["x-amzn-ErrorType"] = code;
        await http.Response.Body.WriteAsync(new AwsError(code, message).ToJson());
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Operation {Operation} failed (request {RequestId})")]
    static partial void LogServerError(ILogger logger, Exception e, string operation, string requestId);
}
