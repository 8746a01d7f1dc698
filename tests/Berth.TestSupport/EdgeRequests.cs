using System.Text;
using Berth.Kernel.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Berth.TestSupport;

/// <summary>Requests as the edge's endpoints receive them, signed with SigV4 as a real client signs them.</summary>
public static class EdgeRequests
{
    /// <summary>A <c>POST /</c> carrying the request's headers and body, with an empty response to be written into.</summary>
    public static DefaultHttpContext Post(SigV4Request request)
    {
        var http = new DefaultHttpContext();
        http.Features.Get<IHttpRequestFeature>()!.RawTarget = "/";
        http.Request.Method = "POST";
        http.Request.Path = "/";
        foreach (var h in request.Headers)
            http.Request.Headers.Append(h.Key, h.Value);
        http.Request.Body = new MemoryStream(request.Body);
        http.Response.Body = new MemoryStream();
        return http;
    }

    /// <summary>The request signed for <paramref name="service"/> in us-east-1 at the clock's time.</summary>
    public static SigV4Request Signed(SigV4Request request, string key, string secret, string service, TimeProvider clock) =>
        new SigV4Signer(key, secret, "us-east-1", service, clock).Sign(request).Request;

    public static string ResponseText(HttpContext http) => Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray());
}
