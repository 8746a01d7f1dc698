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

/// <summary>A module's wire operations, added to the server's operation tables when they are built.</summary>
public interface IOperationSource
{
    void AddTo(OperationTable json, QueryOperationTable query);
}

public static class ModuleServices
{
    /// <summary>Registers operations that are added to the tables once the services they call can be resolved.</summary>
    public static IServiceCollection AddOperations(this IServiceCollection services, Action<IServiceProvider, OperationTable, QueryOperationTable> register) =>
        services.AddSingleton<IOperationSource>(sp => new DelegateOperationSource((json, query) => register(sp, json, query)));

    sealed class DelegateOperationSource(Action<OperationTable, QueryOperationTable> register) : IOperationSource
    {
        public void AddTo(OperationTable json, QueryOperationTable query) => register(json, query);
    }
}
