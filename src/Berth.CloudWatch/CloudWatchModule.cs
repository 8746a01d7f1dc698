using Berth.CloudWatch.Api;
using Berth.Kernel;
using Berth.Kernel.Controllers;
using Berth.Kernel.Modules;
using Microsoft.Extensions.DependencyInjection;
namespace Berth.CloudWatch;

/// <summary>
/// CloudWatch: metrics and alarms in both of its protocols (AWS JSON 1.0 and Query), and the alarm evaluator.
/// The host supplies the <see cref="IMetricStore"/>.
/// </summary>
public sealed class CloudWatchModule(MetricsOptions options) : IBerthModule
{
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton(options);
        services.AddSingleton<MetricService>();
        services.AddSingleton<MetricDataQueries>();
        services.AddSingleton<AlarmService>();
        services.AddController<AlarmEvaluator>();
        services.AddOperations((sp, catalog) => CloudWatchOperations.Register(catalog.For(CloudWatchOperations.Service),
            sp.GetRequiredService<MetricService>(), sp.GetRequiredService<MetricDataQueries>(), sp.GetRequiredService<AlarmService>(),
            new CloudWatchAccess(sp.GetRequiredService<Arns>())));
    }
}
