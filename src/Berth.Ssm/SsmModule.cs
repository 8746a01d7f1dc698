using Berth.Kernel.Modules;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Ssm;

/// <summary>SSM Parameter Store: String, StringList and SecureString parameters (encrypted at rest with <paramref name="encryptionKey"/>).</summary>
public sealed class SsmModule(byte[] encryptionKey) : IBerthModule
{
    public void AddTo(IServiceCollection services)
    {
        _ = encryptionKey;
    }
}
