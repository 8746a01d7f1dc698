using Berth.Ecr.Api;
using Berth.Kernel.Controllers;
using Berth.Kernel.Modules;
using Berth.Kernel.Tagging;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Ecr;

/// <summary>
/// ECR's API: repositories, images, lifecycle policies and login tokens. The registry's content (the <c>/v2/</c>
/// endpoint and its blobs) is an adapter the host adds; <paramref name="tokenKey"/> signs the registry's tokens.
/// </summary>
public sealed class EcrModule(RegistrySettings settings, byte[] tokenKey) : IBerthModule
{
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton(settings);
        services.AddSingleton(sp => new RegistryTokens(tokenKey, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ImageCredentials>();
        services.AddSingleton<RepositoryService>();
        services.AddSingleton<LifecyclePolicies>();
        services.AddSingleton<ImagePushService>();
        services.AddController<LifecyclePolicyController>();
        services.AddOperations((sp, catalog) =>
        {
            var repos = sp.GetRequiredService<RepositoryService>();
            var ops = catalog.For(EcrOperations.Service);
            EcrOperations.Register(ops, repos, sp.GetRequiredService<RegistryTokens>(), settings, sp.GetRequiredService<TagService>());
            EcrLifecycleOperations.Register(ops, repos, sp.GetRequiredService<LifecyclePolicies>());
            EcrPushOperations.Register(ops, repos, sp.GetRequiredService<ImagePushService>());
            EcrSettingsOperations.Register(ops, repos);
        });
    }
}
