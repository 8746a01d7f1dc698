using Berth.Kernel.Controllers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Berth.Sts;

/// <summary>Every few seconds: rebuilds the session index from the store and deletes sessions long expired.</summary>
public sealed class SessionSweeper(SessionCredentials sessions, TimeProvider clock, ILogger<SessionSweeper> log) : IController
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    public Task RunAsync(CancellationToken ct) => new ControllerLoop("sts-sessions", clock, log).RunAsync(Interval, sessions.SweepAsync, ct);
}

/// <summary>Loads the sessions before berthd serves its first request, so a restart does not interrupt them.</summary>
internal sealed class SessionsWarmup(SessionCredentials sessions) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => sessions.SweepAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
