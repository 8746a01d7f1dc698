using System.Globalization;
using System.Net;
using Berth.Ecs.TaskMetadata;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Berth.Server.TaskMetadata;

/// <summary>
/// Runs the task metadata endpoint on a listener of its own, apart from the API port: it serves nothing but the
/// metadata paths and the task role credentials, and the API does not serve them. Where it listens (why, in order):
/// 169.254.170.2 on lo when berthd is root (Fargate's address; reachable from every task through its gateway),
/// else the task bridge's gateway; on the port this data directory used before (containers keep their URI across
/// restarts), else 51679, else any free port (several berthds share a host, e.g. in tests).
/// The chosen URI is handed to <see cref="TaskMetadataEnvironment"/>, which waits for it before creating containers.
/// </summary>
internal sealed partial class TaskMetadataHost(
    BerthOptions options, TaskMetadataEnvironment environment, TaskMetadataEndpoint endpoint, TaskCredentialsEndpoint credentials,
    ILogger<TaskMetadataHost> log)
    : BackgroundService
{
    static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);

    readonly LinkLocalAddress _linkLocal = new(log);
    readonly MetadataListen _listen = options.MetadataListen;
    bool _holdsLinkLocal;

    string StateFile => Path.Combine(options.DataDirectory, "metadata-endpoint");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_listen.Off)
        {
            environment.SetListening(null);
            return;
        }
        var address = await ChooseAddressAsync(stoppingToken);
        WebApplication? app = null;
        try
        {
            while (app is null)
            {
                foreach (var port in Ports(address))
                {
                    app = await TryStartAsync(address, port, stoppingToken);
                    if (app is not null)
                        break;
                }
                if (app is null)
                    await Task.Delay(Retry, stoppingToken); // e.g. the bridge (and its gateway address) is not made yet
            }
            var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            await File.WriteAllTextAsync(StateFile, $"{address}:{bound.Port}", stoppingToken);
            environment.SetListening(bound);
            LogListening(log, bound.ToString());
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // berthd is stopping.
        }
        finally
        {
            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            if (app is not null)
            {
                await app.StopAsync(cleanup.Token);
                await app.DisposeAsync();
            }
            if (_holdsLinkLocal)
                await _linkLocal.ReleaseAsync(cleanup.Token);
        }
    }

    async Task<IPAddress> ChooseAddressAsync(CancellationToken ct)
    {
        var wanted = _listen.Address;
        if (wanted is null || wanted.Equals(LinkLocalAddress.Address))
        {
            _holdsLinkLocal = await _linkLocal.AcquireAsync(ct);
            if (_holdsLinkLocal)
                return LinkLocalAddress.Address;
            LogNoLinkLocal(log, LinkLocalAddress.Address.ToString());
        }
        return wanted ?? Gateway(options.Subnet);
    }

    /// <summary>The task bridge's gateway: the engine gives a network made with only a subnet its first address.</summary>
    internal static IPAddress Gateway(string subnet)
    {
        var bytes = IPNetwork.Parse(subnet).BaseAddress.GetAddressBytes();
        bytes[^1]++;
        return new IPAddress(bytes);
    }

    IEnumerable<int> Ports(IPAddress address)
    {
        if (_listen.Port is { } fixedPort)
        {
            yield return fixedPort;
            yield break;
        }
        if (File.Exists(StateFile) && IPEndPoint.TryParse(File.ReadAllText(StateFile).Trim(), out var previous) && previous.Address.Equals(address))
            yield return previous.Port;
        yield return MetadataListen.DefaultPort;
        yield return 0;
    }

    /// <summary>Starts a minimal Kestrel on address:port; null when the port is taken or the address is not on the host (yet).</summary>
    async Task<WebApplication?> TryStartAsync(IPAddress address, int port, CancellationToken ct)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(address, port));
        var app = builder.Build();
        app.Run(http => TaskCredentialsEndpoint.IsCredentialsPath(http.Request.Path) ? credentials.HandleAsync(http) : endpoint.HandleAsync(http));
        try
        {
            await app.StartAsync(ct);
            return app;
        }
        catch (IOException e)
        {
            LogBindFailed(log, $"{address}:{port.ToString(CultureInfo.InvariantCulture)}", e.InnerException is AddressInUseException ? "in use" : e.Message);
            await app.DisposeAsync();
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task metadata endpoint listening on {Uri}")]
    static partial void LogListening(ILogger logger, string uri);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot put {Address} on this host (berthd is not root?); the task metadata endpoint listens on the task bridge's gateway instead")]
    static partial void LogNoLinkLocal(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task metadata endpoint cannot listen on {Endpoint}: {Reason}")]
    static partial void LogBindFailed(ILogger logger, string endpoint, string reason);
}
