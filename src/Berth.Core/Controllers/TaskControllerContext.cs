using Berth.Core.Logs;
using Berth.Core.Runtime;
using Berth.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Berth.Core.Controllers;

/// <summary>What every task worker shares.</summary>
sealed record TaskControllerContext(
    IStateStore Store,
    IContainerRuntime Runtime,
    ILogStore Logs,
    LogCollector Collector,
    TimeProvider Clock,
    ILogger Log,
    Func<string, Registry.RegistryCredential?> Credentials,
    ITaskEnvironment? Environment = null);
