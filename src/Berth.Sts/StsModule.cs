using Berth.Iam;
using Berth.Kernel.Auth;
using Berth.Kernel.Controllers;
using Berth.Kernel.Crypto;
using Berth.Kernel.Modules;
using Berth.Kernel.Storage;
using Berth.Sts.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Sts;

/// <summary>
/// STS: who the caller is, role sessions (for IAM principals through AssumeRole, for services inside Berth through
/// <see cref="IRoleSessions"/>) and session tokens; the sessions as credentials the edge accepts until they expire.
/// <paramref name="encryptionKey"/> (32 bytes, the host's IAM key) seals the sessions' secrets and tokens at rest.
/// Needs the IAM module (roles, trust policies, IamArns).
/// </summary>
public sealed class StsModule(byte[] encryptionKey) : IBerthModule
{
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton(_ => new SessionCipher(new ValueCipher(encryptionKey)));
        services.AddSingleton<SessionCredentials>();
        services.AddSingleton<ICredentialSource>(sp => sp.GetRequiredService<SessionCredentials>());
        services.AddHostedService<SessionsWarmup>();
        services.AddController<SessionSweeper>();
        services.AddSingleton(sp => new StsService(sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<SessionCredentials>(),
            sp.GetRequiredService<SessionCipher>(), sp.GetRequiredService<IamArns>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IRoleSessions>(sp => sp.GetRequiredService<StsService>());
        services.AddOperations((sp, catalog) => StsOperations.Register(catalog.For(StsOperations.Service), sp.GetRequiredService<StsService>()));
    }
}
