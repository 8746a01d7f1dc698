using Berth.Ecs.Logging;
using Berth.Ecs.Runtime;
using Berth.Ecs.Secrets;
using Berth.Ecs.TaskRole;
using Berth.Kernel.Networking;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;
using Berth.Logs;
using Microsoft.Extensions.Logging;

namespace Berth.Ecs.Controllers;

/// <summary>What every task worker shares.</summary>
sealed record TaskControllerContext(
    IStateStore Store,
    IContainerRuntime Runtime,
    ILogStore Logs,
    LogCollector Collector,
    TimeProvider Clock,
    ILogger Log,
    ExecutionResources Execution,
    ITaskEnvironment? Environment = null,
    TaskRoleCredentials? Roles = null,
    INetworkDirectory? Network = null,
    TagService? Tags = null,
    INetworkChangeNotifier? NetworkChanges = null);
