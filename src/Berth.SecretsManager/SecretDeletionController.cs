using Berth.Kernel.Controllers;
using Microsoft.Extensions.Logging;

namespace Berth.SecretsManager;

/// <summary>
/// Deletes the secrets whose recovery window has ended, once a minute. Until it runs such a secret already behaves as
/// deleted (see <see cref="SecretStore.Gone"/>); a secret restored or changed meanwhile is left for the next pass.
/// </summary>
sealed partial class SecretDeletionController(SecretService secrets, TimeProvider clock, ILogger<SecretDeletionController> log) : IController
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    readonly ControllerLoop _loop = new("secret-deletions", clock, log);

    public Task RunAsync(CancellationToken ct) => _loop.RunAsync(Interval, PassAsync, ct);

    internal async Task PassAsync(CancellationToken ct)
    {
        foreach (var due in await secrets.DueForDeletionAsync(ct))
        {
            if (await secrets.PurgeAsync(due, ct))
                LogDeleted(log, due.Value.Name, due.Value.DeletedDate!.Value);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Secret {Name} deleted: its recovery window ended at {Due}")]
    static partial void LogDeleted(ILogger logger, string name, DateTimeOffset due);
}
