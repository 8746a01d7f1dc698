using Berth.Kernel.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Kernel.Modules;

/// <summary>
/// One AWS service family in berthd (ECS, ELBv2, ECR, CloudWatch, Logs, Application Auto Scaling, ...): it adds its
/// rules, controllers and wire operations to the server, which lists modules rather than their parts. A module uses
/// the kernel and the modules beneath it, never one above (the architecture tests check it).
/// </summary>
public interface IBerthModule
{
    /// <summary>Adds the module's services, its controllers (hosted services) and its operations (<see cref="ModuleServices.AddOperations"/>).</summary>
    void AddTo(IServiceCollection services);
}

/// <summary>A module's operations, added to the catalog the edge serves once the services they call can be resolved.</summary>
public interface IOperationSource
{
    void AddTo(OperationCatalog catalog);
}

public static class ModuleServices
{
    /// <summary>Registers a module's operation definitions.</summary>
    public static IServiceCollection AddOperations(this IServiceCollection services, Action<IServiceProvider, OperationCatalog> register) =>
        services.AddSingleton<IOperationSource>(sp => new DelegateOperationSource(catalog => register(sp, catalog)));

    sealed class DelegateOperationSource(Action<OperationCatalog> register) : IOperationSource
    {
        public void AddTo(OperationCatalog catalog) => register(catalog);
    }
}
