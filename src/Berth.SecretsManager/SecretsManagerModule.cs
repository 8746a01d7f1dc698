using Berth.Kernel;
using Berth.Kernel.Controllers;
using Berth.Kernel.Crypto;
using Berth.Kernel.Modules;
using Berth.Kernel.Secrets;
using Berth.Kernel.Storage;
using Berth.SecretsManager.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.SecretsManager;

/// <summary>
/// AWS Secrets Manager: secrets with versions and staging labels, encrypted at rest with <paramref name="encryptionKey"/>
/// (kept by the host in its data directory). Other modules resolve secrets through <see cref="SecretValues"/>.
/// </summary>
public sealed class SecretsManagerModule(byte[] encryptionKey) : IBerthModule
{
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton(sp => new SecretStore(sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<Arns>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(_ => new SecretCipher(new ValueCipher(encryptionKey)));
        services.AddSingleton<SecretVersionService>();
        services.AddSingleton<SecretService>();
        services.AddSingleton<SecretListing>();
        services.AddSingleton<SecretPolicyService>();
        services.AddSingleton(sp => new SecretValues(sp.GetRequiredService<SecretVersionService>(), sp.GetRequiredService<SecretStore>()));
        services.AddSingleton<ISecretSource>(sp => sp.GetRequiredService<SecretValues>());
        services.AddController<SecretDeletionController>();
        services.AddOperations((sp, catalog) => SecretsManagerOperations.Register(catalog.For(SecretsManagerOperations.Service),
            sp.GetRequiredService<SecretService>(), sp.GetRequiredService<SecretVersionService>(), sp.GetRequiredService<SecretListing>(),
            sp.GetRequiredService<SecretPolicyService>(), sp.GetRequiredService<SecretStore>()));
    }
}
