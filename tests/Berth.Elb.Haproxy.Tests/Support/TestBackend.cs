using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Berth.Elb.Haproxy.Tests.Support;

/// <summary>
/// A real HTTP server on a loopback port that answers with its own name: <c>/health</c> answers 200 or, when
/// <see cref="Healthy"/> is false, 500; <c>/slow</c> answers after <see cref="SlowFor"/>; <c>/headers</c> echoes the
/// forwarding headers; anything else counts in <see cref="Requests"/>
/// (and its connection in <see cref="Connections"/>).
/// </summary>
public sealed class TestBackend : IAsyncDisposable
{
    readonly WebApplication _app;
    int _requests;
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _connections = new();

    TestBackend(string name, WebApplication app)
    {
        Name = name;
        _app = app;
    }

    public string Name { get; }
    public int Port { get; private set; }
    public bool Healthy { get; set; } = true;
    public TimeSpan SlowFor { get; set; } = TimeSpan.FromSeconds(3);
    public int Requests => Volatile.Read(ref _requests);
    /// <summary>How many TCP connections the counted requests (those in <see cref="Requests"/>) came on.</summary>
    public int Connections => _connections.Count;

    public static async Task<TestBackend> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var backend = new TestBackend(name, app);
        app.Run(backend.HandleAsync);
        await app.StartAsync();
        backend.Port = new Uri(app.Urls.First()).Port;
        return backend;
    }

    async Task HandleAsync(HttpContext ctx)
    {
        switch (ctx.Request.Path.Value)
        {
            case "/health":
                ctx.Response.StatusCode = Healthy ? 200 : 500;
                await ctx.Response.WriteAsync(Name);
                return;
            case "/slow":
                Interlocked.Increment(ref _requests);
                await Task.Delay(SlowFor);
                await ctx.Response.WriteAsync(Name);
                return;
            case "/headers":
                await ctx.Response.WriteAsync($"{ctx.Request.Headers["X-Forwarded-For"]}|{ctx.Request.Headers["X-Forwarded-Proto"]}|{ctx.Request.Headers["X-Forwarded-Port"]}");
                return;
            default:
                Interlocked.Increment(ref _requests);
                _connections.TryAdd(ctx.Connection.Id, 0);
                await ctx.Response.WriteAsync(Name);
                return;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
