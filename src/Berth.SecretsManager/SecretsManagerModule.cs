using Berth.Kernel.Modules;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.SecretsManager;

/// <summary>
/// AWS Secrets Manager: secrets with versions and staging labels, encrypted at rest with <paramref name="encryptionKey"/>
/// (kept by the host in its data directory).
/// </summary>
public sealed class SecretsManagerModule(byte[] encryptionKey) : IBerthModule
{
    public void AddTo(IServiceCollection services)
    {
        _ = encryptionKey;
    }
}
