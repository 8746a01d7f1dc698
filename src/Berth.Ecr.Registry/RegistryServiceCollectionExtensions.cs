using Berth.Ecr.Registry.Http;
using Berth.Ecr.Registry.Manifests;
using Berth.Ecr.Registry.Storage;
using Berth.Kernel.Controllers;
using Berth.Kernel.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Berth.Ecr.Registry;

public static class RegistryServiceCollectionExtensions
{
    /// <summary>
    /// Registers the registry (<c>/v2/</c>, its blob store and garbage collector) and ECR's <see cref="IRegistryContent"/>. Expects from the host: <c>IStateStore</c>, <c>RegistryTokens</c>,
    /// <c>TimeProvider</c> (added as <see cref="TimeProvider.System"/> when missing) and logging.
    /// </summary>
    public static IServiceCollection AddBerthRegistry(this IServiceCollection s, RegistryOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (string.IsNullOrWhiteSpace(o.RootDirectory))
            throw new ArgumentException("RegistryOptions.RootDirectory is required.", nameof(o));
        s.TryAddSingleton(TimeProvider.System);
        s.AddSingleton(o);
        s.AddSingleton(sp => new BlobStore(sp.GetRequiredService<RegistryOptions>()));
        s.AddSingleton<UploadStore>();
        s.AddSingleton<ImageCatalog>();
        s.AddSingleton<RegistryHandler>();
        s.AddSingleton<IRegistryContent, RegistryContent>();
        s.AddController(sp => new BlobGarbageCollector(
            sp.GetRequiredService<BlobStore>(), sp.GetRequiredService<UploadStore>(), sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<BlobGarbageCollector>>())
        { UploadExpiry = o.UploadExpiry });
        return s;
    }
}
