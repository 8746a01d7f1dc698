using Berth.Kernel;
using Berth.Kernel.Modules;
using Berth.Logs.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Berth.Logs.Insights;

/// <summary>Adds Logs Insights to the Logs module's services and operations.</summary>
public static class InsightsRegistration
{
    public static void AddInsights(this IServiceCollection services)
    {
        services.AddSingleton(new InsightsOptions());
        services.AddSingleton(sp => new InsightsService(
            sp.GetRequiredService<ILogStore>(), sp.GetRequiredService<Arns>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<InsightsOptions>(), sp.GetRequiredService<ILogger<InsightsService>>()));
        services.AddOperations((sp, catalog) => InsightsOperations.Register(catalog.For(LogsOperations.Service), sp.GetRequiredService<InsightsService>(), sp.GetRequiredService<Arns>()));
    }
}
