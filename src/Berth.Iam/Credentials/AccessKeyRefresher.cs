using Berth.Kernel.Controllers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Berth.Iam.Credentials;

/// <summary>
/// Rebuilds the access key index every few seconds, so keys created, deactivated or deleted by another berthd that shares
/// the store are honoured here too (IAM is eventually consistent in AWS as well).
/// </summary>
public sealed class AccessKeyRefresher(IamCredentials credentials, TimeProvider clock, ILogger<AccessKeyRefresher> log) : IController
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    public Task RunAsync(CancellationToken ct) => new ControllerLoop("iam-credentials", clock, log).RunAsync(Interval, credentials.RefreshAsync, ct);
}

/// <summary>Loads the index before berthd serves its first request (hosted services start before the server listens).</summary>
internal sealed class CredentialsWarmup(IamCredentials credentials) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => credentials.RefreshAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
