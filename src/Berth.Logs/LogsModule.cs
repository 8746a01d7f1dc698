using Berth.Kernel;
using Berth.Kernel.Controllers;
using Berth.Kernel.Modules;
using Berth.Logs.Api;
using Berth.Logs.Insights;
using Berth.Logs.MetricFilters;
using Berth.Logs.Retention;
using Berth.Logs.Tags;
using Microsoft.Extensions.DependencyInjection;
namespace Berth.Logs;

/// <summary>
/// CloudWatch Logs: log groups, streams and events, retention, tags and metric filters (publishing to CloudWatch
/// metrics). The host supplies the <see cref="ILogStore"/>.
/// </summary>
public sealed class LogsModule : IBerthModule
{
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton<LogService>();
        services.AddSingleton<LogGroupTags>();
        services.AddSingleton<MetricFilterService>();
        services.AddSingleton<LogGroupLifecycle>();
        services.AddController<RetentionController>();
        services.AddController<MetricFilterPublisher>();
        services.AddOperations((sp, catalog) =>
        {
            var ops = catalog.For(LogsOperations.Service);
            var access = new LogsAccess(sp.GetRequiredService<Arns>());
            var groups = sp.GetRequiredService<LogGroupLifecycle>();
            LogsOperations.Register(ops, sp.GetRequiredService<LogService>(), groups, access);
            LogsGroupOperations.Register(ops, groups, sp.GetRequiredService<LogGroupTags>(), access);
            LogsMetricFilterOperations.Register(ops, sp.GetRequiredService<MetricFilterService>(), groups, access);
            LogsRefusedOperations.Register(ops, sp.GetRequiredService<ILogStore>(), access);
        });
        services.AddInsights();
    }
}
