using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Protocol;
using Berth.Kernel.Storage;

namespace Berth.Server.Edge;

/// <summary>
/// <c>POST /</c> with a form body, for the AWS Query protocol (ELBv2, CloudWatch) and EC2's variant of it: verify the SigV4
/// signature, find the operation by <c>Version</c> and <c>Action</c>, run it and answer in XML — in EC2's documents for EC2's
/// version — a client's mistake is a 4xx, never a 500.
/// </summary>
public sealed partial class QueryEndpoint(QueryOperationTable operations, SigV4Verifier verifier, ILogger<QueryEndpoint> log)
{
    const string ContentType = "text/xml";

    /// <summary>Query requests are form posts; everything else on <c>POST /</c> is AWS JSON.</summary>
    public static bool IsQueryRequest(HttpRequest req) =>
        req.ContentType is { } type && type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    public Task HandleAsync(HttpContext http) => HandleAsync(http, authenticatedKeyId: null);

    /// <summary>
    /// For a caller the server has already authenticated another way (the web console's session cookie): the same
    /// actions and answers, without a SigV4 signature. Never map this to a route that does not check its caller.
    /// </summary>
    public Task HandleAuthenticatedAsync(HttpContext http, string accessKeyId) =>
        HandleAsync(http, accessKeyId ?? throw new ArgumentNullException(nameof(accessKeyId)));

    async Task HandleAsync(HttpContext http, string? authenticatedKeyId)
    {
        var requestId = Guid.NewGuid().ToString();
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        var ct = http.RequestAborted;
        var ns = operations.DefaultNamespace;
        var ec2 = false;
        string action = "";
        try
        {
            var body = await AwsJsonEndpoint.ReadBodyAsync(http.Request, ct);
            var sigv4 = AwsJsonEndpoint.ToSigV4(http.Request, body);
            var auth = authenticatedKeyId is null ? verifier.Verify(sigv4) : null;
            // Errors speak as the service the version names (EC2 has its own document, even for a signature it refuses),
            // else as the one the request is signed for. A form too large to read is refused after the signature.
            Dictionary<string, string>? form = null;
            try
            {
                form = QueryForm.Parse(sigv4.QueryString, body);
            }
            catch (AwsException)
            {
                // Answered below, once the caller is known.
            }
            var named = operations.Service(form?.GetValueOrDefault("Version")) ?? operations.ServiceSignedFor(auth?.Service);
            (ns, ec2) = (named?.XmlNamespace ?? ns, named?.Ec2 == true);
            if (auth is { IsSuccess: false })
            {
                // EC2 names every credential it cannot validate AuthFailure.
                await WriteErrorAsync(http, ns, ec2, 403, ec2 && auth.ErrorCode == SigV4ErrorCodes.UnrecognizedClient ? "AuthFailure" : AuthCode(auth.ErrorCode), auth.ErrorMessage, requestId);
                return;
            }
            form ??= QueryForm.Parse(sigv4.QueryString, body);
            action = form.GetValueOrDefault("Action") ?? "";
            if (action.Length == 0)
                throw new AwsException("MissingAction", "The request must contain the parameter Action.");
            var version = form.GetValueOrDefault("Version");
            if (string.IsNullOrEmpty(version))
                throw new AwsException("MissingParameter", "The request must contain the parameter Version.");
            var service = operations.Service(version)
                ?? throw new AwsException("ValidationError", $"Version '{version}' is not supported: Berth serves {operations.Describe()} over the Query protocol; Classic Load Balancers are not available.");
            (ns, ec2) = (service.XmlNamespace, service.Ec2);
            if (auth is not null && !string.Equals(auth.Service, service.SigningName, StringComparison.Ordinal))
            {
                await WriteErrorAsync(http, ns, ec2, 403, "SignatureDoesNotMatch", $"Credential should be scoped to correct service: '{service.SigningName}'.", requestId);
                return;
            }
            var op = operations.Find(version, action);
            Observability.ApiMetrics.SetOperation(http, service.SigningName, op is null ? "unknown" : action);
            if (op is null)
                throw new AwsException("InvalidAction", $"The action {action} is not valid for this web service.");
            var principal = auth?.Principal ?? verifier.PrincipalOf(authenticatedKeyId!)
                ?? throw new AwsException("InvalidClientTokenId", "The security token included in the request is invalid.", 403);
            using var caller = Caller.Use(principal, SourceAddress.Of(http));
            var result = await op(form, ct);
            var response = QueryResponses.Success(action, ns, requestId, result, ec2);
            http.Response.StatusCode = 200;
            http.Response.ContentType = ContentType;
            await http.Response.Body.WriteAsync(response, ct);
        }
        catch (AwsException e)
        {
            await WriteErrorAsync(http, ns, ec2, e.StatusCode, e.Code, e.Message, requestId);
        }
        catch (ConcurrencyConflictException e)
        {
            await WriteErrorAsync(http, ns, ec2, 429, "PriorRequestNotComplete", $"{e.Message} Try again.", requestId);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception e)
        {
            LogServerError(log, e, action, requestId);
            await WriteErrorAsync(http, ns, ec2, 500, ec2 ? "InternalError" : "InternalFailure", $"An internal error occurred (request {requestId}).", requestId);
        }
    }

    /// <summary>The Query protocol names the signature errors without the JSON protocol's "Exception" suffix.</summary>
    static string AuthCode(string jsonCode) => jsonCode switch
    {
        SigV4ErrorCodes.UnrecognizedClient => "InvalidClientTokenId",
        SigV4ErrorCodes.InvalidSignature => "SignatureDoesNotMatch",
        _ when jsonCode.EndsWith("Exception", StringComparison.Ordinal) => jsonCode[..^"Exception".Length],
        _ => jsonCode,
    };

    static async Task WriteErrorAsync(HttpContext http, string ns, bool ec2, int status, string code, string message, string requestId)
    {
        if (http.Response.HasStarted)
            return;
        http.Response.StatusCode = status;
        http.Response.ContentType = ContentType;
        await http.Response.Body.WriteAsync(QueryResponses.Error(ns, status, code, message, requestId, ec2));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Query action {Action} failed (request {RequestId})")]
    static partial void LogServerError(ILogger logger, Exception e, string action, string requestId);
}
