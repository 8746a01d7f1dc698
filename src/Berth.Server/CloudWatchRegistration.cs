using Berth.Api.CloudWatch;
using Berth.Api.Protocol;
using Berth.Api.Query;
using Berth.Core.Metrics;
using Berth.Store;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Berth.Server;

/// <summary>
/// CloudWatch in berthd: the metric store, the metric and alarm services, their operations in both protocols, and the
/// alarm evaluator. Called once, after the JSON and Query operation tables are registered: it adds its operations to them.
/// </summary>
static class CloudWatchRegistration
{
    public static IServiceCollection AddBerthCloudWatch(this IServiceCollection s, MetricsOptions options)
    {
        s.AddSingleton(options);
        s.TryAddSingleton<IMetricStore, SqliteMetricStore>();
        s.AddSingleton<MetricService>();
        s.AddSingleton<MetricDataQueries>();
        s.AddSingleton<AlarmService>();
        s.AddSingleton<AlarmEvaluator>();
        s.AddSingleton(sp => new CloudWatchServices(sp.GetRequiredService<MetricService>(), sp.GetRequiredService<MetricDataQueries>(), sp.GetRequiredService<AlarmService>()));
        AddTo<OperationTable>(s, (table, sp) => CloudWatchJsonOperations.Register(table, sp.GetRequiredService<CloudWatchServices>()));
        AddTo<QueryOperationTable>(s, (table, sp) => CloudWatchQueryOperations.Register(table, sp.GetRequiredService<CloudWatchServices>()));
        s.AddHostedService<AlarmEvaluatorHost>();
        return s;
    }

    /// <summary>Wraps the registered factory of a singleton table so the table also gets these operations.</summary>
    static void AddTo<T>(IServiceCollection s, Action<T, IServiceProvider> register)
        where T : class
    {
        var original = s.LastOrDefault(d => d.ServiceType == typeof(T))
            ?? throw new InvalidOperationException($"Register {typeof(T).Name} before calling AddBerthCloudWatch.");
        s.Remove(original);
        s.AddSingleton(sp =>
        {
            var table = original.ImplementationInstance as T
                ?? original.ImplementationFactory?.Invoke(sp) as T
                ?? throw new InvalidOperationException($"{typeof(T).Name} must be registered as an instance or a factory.");
            register(table, sp);
            return table;
        });
    }
}
