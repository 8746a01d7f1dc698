using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Berth.Ecr.Registry.Http;

internal static class RegistryResponses
{
    public const string ApiVersionHeader = "Docker-Distribution-API-Version";
    public const string ApiVersion = "registry/2.0";
    public const string Challenge = "Basic realm=\"Berth registry\"";

    public static Task ErrorAsync(HttpContext context, RegistryException error)
    {
        var r = context.Response;
        r.StatusCode = error.Status;
        if (error.Status == 401)
            r.Headers.WWWAuthenticate = Challenge;
        return JsonAsync(context, error.Status, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("errors");
            w.WriteStartObject();
            w.WriteString("code", error.Code);
            w.WriteString("message", error.Message);
            if (error.Detail is null)
                w.WriteNull("detail");
            else
                w.WriteString("detail", error.Detail);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    public static async Task JsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write, string contentType = "application/json")
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            write(w);
        var r = context.Response;
        r.StatusCode = status;
        r.ContentType = contentType;
        r.ContentLength = buffer.WrittenCount;
        if (!HttpMethods.IsHead(context.Request.Method))
            await r.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    /// <summary>An empty-bodied answer (201, 202, 204) with the headers already set.</summary>
    public static Task EmptyAsync(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        if (status != 204)
            context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }
}
