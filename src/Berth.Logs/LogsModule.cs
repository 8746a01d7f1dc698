using Berth.Kernel;
using Berth.Kernel.Modules;
using Berth.Logs.Api;
using Berth.Logs.Insights;
using Microsoft.Extensions.DependencyInjection;
namespace Berth.Logs;

/// <summary>CloudWatch Logs: log groups, streams and events. The host supplies the <see cref="ILogStore"/>.</summary>
public sealed class LogsModule : IBerthModule
{
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton<LogService>();
        services.AddOperations((sp, catalog) => LogsOperations.Register(catalog.For(LogsOperations.Service), sp.GetRequiredService<LogService>(), new LogsAccess(sp.GetRequiredService<Arns>())));
        services.AddInsights();
    }
}
