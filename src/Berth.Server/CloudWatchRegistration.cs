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
    public static IServiceCollection AddBerthCloudWatch(this IServiceCollection s, Func<string, string?> env)
    {
        s.AddSingleton(MetricsOptionsFrom(env));
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

    static MetricsOptions MetricsOptionsFrom(Func<string, string?> env)
    {
        var o = new MetricsOptions();
        if (env("BERTH_ALARM_EVALUATION_SECONDS") is { Length: > 0 } seconds)
        {
            o = o with
            {
                EvaluationInterval = int.TryParse(seconds, out var n) && n is > 0 and <= 3600
                    ? TimeSpan.FromSeconds(n)
                    : throw new InvalidOperationException($"BERTH_ALARM_EVALUATION_SECONDS must be a number of seconds from 1 to 3600, not '{seconds}'."),
            };
        }
        if (env("BERTH_METRIC_RETENTION_HOURS") is { Length: > 0 } hours)
        {
            o = o with
            {
                Retention = int.TryParse(hours, out var h) && h is > 0 and <= 24 * 455
                    ? TimeSpan.FromHours(h)
                    : throw new InvalidOperationException($"BERTH_METRIC_RETENTION_HOURS must be a number of hours from 1 to 10920, not '{hours}'."),
            };
        }
        return o;
    }
}
