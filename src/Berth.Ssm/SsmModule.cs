using Berth.Kernel;
using Berth.Kernel.Crypto;
using Berth.Kernel.Modules;
using Berth.Ssm.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Ssm;

/// <summary>
/// SSM Parameter Store: String, StringList and SecureString parameters (encrypted at rest with <paramref name="encryptionKey"/>).
/// Other modules resolve parameters through <see cref="ParameterValues"/>.
/// </summary>
public sealed class SsmModule(byte[] encryptionKey) : IBerthModule
{
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton(_ => new ParameterCipher(new ValueCipher(encryptionKey)));
        services.AddSingleton<ParameterService>();
        services.AddSingleton<ParameterReader>();
        services.AddSingleton<ParameterLabels>();
        services.AddSingleton<ParameterTags>();
        services.AddSingleton(sp => new ParameterValues(sp.GetRequiredService<ParameterReader>()));
        services.AddOperations((sp, catalog) => SsmOperations.Register(catalog.For(SsmOperations.Service),
            sp.GetRequiredService<ParameterService>(), sp.GetRequiredService<ParameterReader>(),
            sp.GetRequiredService<ParameterLabels>(), sp.GetRequiredService<ParameterTags>(), new SsmAccess(sp.GetRequiredService<Arns>())));
    }
}
