using Berth.Kernel.Controllers;
using Microsoft.Extensions.Logging;

namespace Berth.Ecr;

/// <summary>
/// Applies the repositories' lifecycle policies once a minute: the image records a policy expires are deleted (a
/// repository that changed meanwhile waits for the next pass) and the registry's garbage collector reclaims the blobs.
/// </summary>
sealed partial class LifecyclePolicyController(LifecyclePolicies policies, TimeProvider clock, ILogger<LifecyclePolicyController> log) : IController
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(60);

    readonly ControllerLoop _loop = new("lifecycle-policies", clock, log);

    public Task RunAsync(CancellationToken ct) => _loop.RunAsync(Interval, PassAsync, ct);

    async Task PassAsync(CancellationToken ct)
    {
        foreach (var result in await policies.RunAsync(ct))
        {
            if (result.Error is not null)
                LogInvalid(log, result.RepositoryName, result.Error);
            else if (result.Conflicted)
                LogConflict(log, result.RepositoryName);
            else if (result.Expired > 0)
                LogExpired(log, result.RepositoryName, result.Expired);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Lifecycle policy of repository {Repository} expired {Count} images")]
    static partial void LogExpired(ILogger logger, string repository, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lifecycle policy of repository {Repository} skipped: the repository changed meanwhile, next pass retries")]
    static partial void LogConflict(ILogger logger, string repository);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lifecycle policy of repository {Repository} not applied: {Problem}")]
    static partial void LogInvalid(ILogger logger, string repository, string problem);
}
