using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Berth.Kernel.Controllers;

/// <summary>A controller that runs for the life of the process (usually a <see cref="ControllerLoop"/> over its pass).</summary>
public interface IController
{
    Task RunAsync(CancellationToken ct);
}

/// <summary>Runs one controller for the life of the process.</summary>
sealed class ControllerHost<T>(T controller) : BackgroundService
    where T : IController
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => controller.RunAsync(stoppingToken);
}

public static class ControllerServices
{
    /// <summary>Registers <typeparamref name="T"/> as a singleton (others may ask for it) and runs it for the life of the process.</summary>
    public static IServiceCollection AddController<T>(this IServiceCollection services)
        where T : class, IController
    {
        services.AddSingleton<T>();
        services.AddHostedService<ControllerHost<T>>();
        return services;
    }

    /// <summary>As <see cref="AddController{T}(IServiceCollection)"/>, with the controller made by <paramref name="create"/>.</summary>
    public static IServiceCollection AddController<T>(this IServiceCollection services, Func<IServiceProvider, T> create)
        where T : class, IController
    {
        services.AddSingleton(create);
        services.AddHostedService<ControllerHost<T>>();
        return services;
    }
}
