using System.Text;
using Berth.Ecr.Registry.Manifests;
using Berth.Ecr.Registry.Storage;
using Berth.Kernel;
using Berth.Kernel.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Berth.Ecr.Registry.Http;

/// <summary>
/// Every <c>/v2/</c> request: authenticate, take the path apart, check the name and the repository, then the
/// operation. Each error reaches the client in the spec's JSON shape; only a bug is a 500.
/// </summary>
internal sealed partial class RegistryHandler(
    RegistryTokens tokens,
    IAuthorizer authorizer,
    Arns arns,
    ImageCatalog catalog,
    BlobStore blobs,
    UploadStore uploads,
    ILogger<RegistryHandler> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        context.Response.Headers[RegistryResponses.ApiVersionHeader] = RegistryResponses.ApiVersion;
        try
        {
            var rest = context.Request.Path.Value ?? "";
            rest = rest.StartsWith("/v2", StringComparison.Ordinal) ? rest[3..] : rest;
            var parsed = RegistryRoute.Parse(rest);
            var principal = Authenticated(context.Request) ?? Presigned(context.Request, parsed) ?? throw RegistryErrors.Unauthorized();
            var route = parsed ?? throw RegistryErrors.NotFound();
            if (route.Kind == RouteKind.Base)
            {
                RequireMethod(context, "GET", "HEAD");
                await RegistryResponses.JsonAsync(context, 200, w =>
                {
                    w.WriteStartObject();
                    w.WriteEndObject();
                });
                return;
            }
            if (!RegistryNames.IsValidName(route.Name))
                throw RegistryErrors.NameInvalid(route.Name);
            await AuthorizeAsync(principal, route, context.Request.Method, ct);
            var repository = await catalog.RepositoryAsync(route.Name, ct);
            await (route.Kind switch
            {
                RouteKind.Blob => BlobAsync(context, route, ct),
                RouteKind.Uploads => StartUploadAsync(context, route, ct),
                RouteKind.Upload => UploadAsync(context, route, ct),
                RouteKind.Manifest => ManifestAsync(context, repository, route, ct),
                RouteKind.TagsList => TagsAsync(context, route, ct),
                RouteKind.Referrers => ReferrersAsync(context, route, ct),
                _ => throw RegistryErrors.NotFound(),
            });
        }
        catch (RegistryException e)
        {
            if (!context.Response.HasStarted)
            {
                LogRefused(logger, context.Request.Method, context.Request.Path.Value, e.Code, e.Message);
                await RegistryResponses.ErrorAsync(context, e);
            }
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            var error = e.StatusCode == 413
                ? RegistryErrors.TooLarge(e.Message)
                : RegistryErrors.BlobUploadInvalid(e.Message);
            await RegistryResponses.ErrorAsync(context, error);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away; an upload in progress keeps what was written, the rest is dropped.
        }
    }

    /// <summary>Each request as the principal its token was issued to, on the repository's ARN (a refusal is 403 DENIED).</summary>
    async Task AuthorizeAsync(Principal principal, RegistryRoute route, string method, CancellationToken ct)
    {
        if (RegistryAccess.Action(route.Kind, method) is not { } action)
            return; // a method the route does not serve: refused below as UNSUPPORTED
        var repository = $"arn:aws:ecr:{arns.Region}:{arns.AccountId}:repository/{route.Name}";
        var decision = await authorizer.AuthorizeAsync(principal, new AccessRequest(action, [repository]), ct);
        if (!decision.Allowed)
            throw RegistryErrors.Denied(decision.Message ?? $"User: {principal.Arn} is not authorized to perform: {action} on resource: {repository}");
    }

    Principal? Authenticated(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Basic ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return null;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[scheme.Length..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? tokens.Validate(decoded[..colon], decoded[(colon + 1)..]) : null;
    }

    /// <summary>
    /// A presigned layer download: a GET or HEAD of exactly the blob the token was issued for, as the principal that asked
    /// for the URL (still authorized as that principal below, so a permission taken away since takes the URL with it).
    /// </summary>
    Principal? Presigned(HttpRequest request, RegistryRoute? route)
    {
        if (route is not { Kind: RouteKind.Blob } || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
            return null;
        var token = request.Query[RegistryTokens.DownloadTokenParameter].ToString();
        return token.Length == 0 ? null : tokens.ValidateScoped(token, RegistryTokens.DownloadScope(route.Name, route.Argument));
    }

    static void RequireMethod(HttpContext context, params string[] methods)
    {
        if (!methods.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase))
            throw RegistryErrors.Unsupported($"{context.Request.Method} is not supported here");
    }

    /// <summary>Blob bodies may be far larger than the server's default request limit.</summary>
    static void AllowUnlimitedBody(HttpContext context)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
            feature.MaxRequestBodySize = null;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Registry refused {Method} {Path}: {Code} {Reason}")]
    static partial void LogRefused(ILogger logger, string method, string? path, string code, string reason);
}
