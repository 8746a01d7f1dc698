using Berth.Kernel.Auth;
using Microsoft.AspNetCore.StaticFiles;

namespace Berth.Server.Console;

/// <summary>
/// The web console at <c>/console</c>: its sign-in and AWS-call routes (<see cref="ConsoleApi"/>) and the page itself, built from
/// src/Berth.Console by scripts/build.sh into the <c>console</c> folder beside berthd. Without that folder /console says how to build it.
/// </summary>
public static class ConsoleHosting
{
    const string Prefix = "/console";

    /// <summary>The folder the built console is served from (BERTH_CONSOLE_DIR overrides it).</summary>
    public static string Directory =>
        Environment.GetEnvironmentVariable("BERTH_CONSOLE_DIR") is { Length: > 0 } dir ? dir : Path.Combine(AppContext.BaseDirectory, "console");

    public static IServiceCollection AddBerthConsole(this IServiceCollection s, BerthOptions options)
    {
        // The session key stays in the data directory, so signed-in consoles outlive a restart of berthd.
        var key = KeyFiles.Load(Path.Combine(options.DataDirectory, "console.key"));
        s.AddSingleton(sp => new ConsoleSessions(key, sp.GetRequiredService<ICredentialLookup>(), sp.GetRequiredService<TimeProvider>()));
        s.AddSingleton<ConsoleApi>();
        return s;
    }

    public static WebApplication MapBerthConsole(this WebApplication app)
    {
        var api = app.Services.GetRequiredService<ConsoleApi>();
        app.MapPost($"{Prefix}/api/session", api.SignInAsync);
        app.MapGet($"{Prefix}/api/session", api.GetSessionAsync);
        app.MapDelete($"{Prefix}/api/session", api.SignOutAsync);
        app.MapPost($"{Prefix}/api/aws", api.CallAsync);
        app.Map($"{Prefix}/api/{{**rest}}", () => Results.Text("""{"__type":"UnknownOperationException","message":"No such console API."}""", "application/json", statusCode: 404));

        var root = Directory;
        var index = Path.Combine(root, "index.html");
        if (!File.Exists(index))
        {
            app.MapGet($"{Prefix}/{{**rest}}", () => Results.Text(NotBuilt(root), "text/html; charset=utf-8", statusCode: 503));
            return app;
        }
        // Routing ignores a trailing slash, so /console and /console/ both land here: the page's relative URLs need the slash.
        app.MapGet(Prefix, (HttpContext http) => http.Request.Path.Value!.EndsWith('/') ? Serve(http, root, index, null) : Results.Redirect($"{Prefix}/"));
        app.MapGet($"{Prefix}/{{**rest}}", (HttpContext http, string? rest) => Serve(http, root, index, rest));
        return app;
    }

    static readonly FileExtensionContentTypeProvider Types = new();

    /// <summary>
    /// A built file under the console folder, or the page itself for any other address (the app routes on the #fragment).
    /// Vite puts a content hash in every asset's name, so assets are cached for good and the page never is.
    /// </summary>
    static IResult Serve(HttpContext http, string root, string index, string? rest)
    {
        SecurityHeaders(http.Response);
        if (rest?.StartsWith("assets/", StringComparison.Ordinal) == true)
        {
            var full = Path.GetFullPath(Path.Combine(root, rest));
            if (!full.StartsWith(Path.GetFullPath(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(full))
                return Results.NotFound();
            http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return Results.File(full, Types.TryGetContentType(full, out var type) ? type : "application/octet-stream");
        }
        http.Response.Headers.CacheControl = "no-cache";
        return Results.File(index, "text/html; charset=utf-8");
    }

    static void SecurityHeaders(HttpResponse r)
    {
        r.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        r.Headers.XContentTypeOptions = "nosniff";
        r.Headers["Referrer-Policy"] = "no-referrer";
    }

    static string NotBuilt(string root) => $"""
        <!doctype html><meta charset="utf-8"><title>Berth console not built</title>
        <body style="font-family:sans-serif;max-width:40em;margin:3em auto">
        <h1>The Berth console is not built</h1>
        <p>berthd looked for it in <code>{System.Net.WebUtility.HtmlEncode(root)}</code> and found no <code>index.html</code>.</p>
        <p>Build it with <code>scripts/build.sh</code> (or <code>make build</code>; it needs Node.js and npm, and runs
        <code>npm ci</code> and <code>vite build</code> in <code>src/Berth.Console</code>), then start berthd again.
        The AWS APIs on this endpoint work without it.</p>
        </body>
        """;
}
