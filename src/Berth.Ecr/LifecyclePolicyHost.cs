using Berth.Kernel.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Berth.Ecr;

/// <summary>
/// Applies the repositories' lifecycle policies once a minute: the image records a policy expires are deleted (a
/// repository that changed meanwhile waits for the next pass) and the registry's garbage collector reclaims the blobs.
/// </summary>
sealed partial class LifecyclePolicyHost(IStateStore store, RepositoryService repos, TimeProvider clock, ILogger<LifecyclePolicyHost> log) : BackgroundService
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(60);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var policies = new LifecyclePolicies(store, repos, clock);
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                foreach (var result in await policies.RunAsync(stoppingToken))
                {
                    if (result.Error is not null)
                        LogInvalid(log, result.RepositoryName, result.Error);
                    else if (result.Conflicted)
                        LogConflict(log, result.RepositoryName);
                    else if (result.Expired > 0)
                        LogExpired(log, result.RepositoryName, result.Expired);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(log, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Lifecycle policy of repository {Repository} expired {Count} images")]
    static partial void LogExpired(ILogger logger, string repository, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lifecycle policy of repository {Repository} skipped: the repository changed meanwhile, next pass retries")]
    static partial void LogConflict(ILogger logger, string repository);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lifecycle policy of repository {Repository} not applied: {Problem}")]
    static partial void LogInvalid(ILogger logger, string repository, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lifecycle policy pass failed")]
    static partial void LogFailed(ILogger logger, Exception e);
}
