using Berth.Kernel;
using Berth.Kernel.Controllers;
using Berth.Kernel.Modules;
using Berth.Kernel.Networking;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;
using Berth.ServiceDiscovery.Api;
using Berth.ServiceDiscovery.Dns;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.ServiceDiscovery;

/// <summary>
/// AWS Cloud Map: HTTP and private DNS namespaces, services, instances, discovery and custom health. Other modules
/// register instances through <see cref="IServiceRegistry"/>; the task resolver answers names through
/// <see cref="IServiceRecords"/>, from an in-memory index every Cloud Map write refreshes.
/// </summary>
public sealed class ServiceDiscoveryModule : IBerthModule
{
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton(sp => new RegistryIndex(sp.GetRequiredService<IStateStore>()));
        services.AddController<RegistryRefresher>();
        // Cloud Map's services write through a store that marks the index stale, so a change is answered from the next query.
        services.AddSingleton(sp => new DiscoveryWritesStore(sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<RegistryIndex>()));
        AddWithWritesStore<DiscoveryLookup>(services);
        AddWithWritesStore<OperationLog>(services);
        AddWithWritesStore<NamespaceService>(services);
        AddWithWritesStore<ServiceCatalog>(services);
        AddWithWritesStore<InstanceService>(services);
        services.AddSingleton(sp => new DiscoveryTags(sp.GetRequiredService<DiscoveryWritesStore>(), sp.GetRequiredService<Arns>(),
            new TagService(sp.GetRequiredService<DiscoveryWritesStore>())));
        services.AddSingleton(sp => new InstanceDiscovery(sp.GetRequiredService<RegistryIndex>(), sp.GetRequiredService<OperationLog>(), Random.Shared));
        services.AddSingleton<IServiceRecords>(sp => new ServiceRecords(sp.GetRequiredService<RegistryIndex>(), Random.Shared));
        services.AddSingleton<IServiceRegistry>(sp => new InstanceRegistrar(sp.GetRequiredService<DiscoveryWritesStore>(), sp.GetRequiredService<DiscoveryLookup>(),
            sp.GetRequiredService<InstanceService>()));
        services.AddSingleton(sp => new DiscoveryHandlers(sp.GetRequiredService<NamespaceService>(), sp.GetRequiredService<ServiceCatalog>(),
            sp.GetRequiredService<InstanceService>(), sp.GetRequiredService<InstanceDiscovery>(), sp.GetRequiredService<OperationLog>(),
            sp.GetRequiredService<DiscoveryTags>()));
        services.AddOperations((sp, catalog) => DiscoveryOperations.Register(catalog.For(DiscoveryOperations.Service),
            sp.GetRequiredService<DiscoveryHandlers>(), new DiscoveryAccess(sp.GetRequiredService<Arns>())));
    }

    static void AddWithWritesStore<T>(IServiceCollection services) where T : class =>
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<T>(sp, (IStateStore)sp.GetRequiredService<DiscoveryWritesStore>()));
}
