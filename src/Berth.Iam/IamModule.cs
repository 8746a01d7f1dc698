using Berth.Iam.Api;
using Berth.Iam.Credentials;
using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Controllers;
using Berth.Kernel.Modules;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Iam;

/// <summary>
/// IAM: users, access keys, roles, policies (inline, customer managed and AWS managed), on the Query protocol; and IAM
/// users' active access keys as credentials the edge accepts. <paramref name="encryptionKey"/> (32 bytes, kept by the host
/// in its data directory) seals secret access keys at rest.
/// </summary>
public sealed class IamModule(byte[] encryptionKey) : IBerthModule
{
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton(new AccessKeyCipher(encryptionKey));
        services.AddSingleton(sp => new IamArns(sp.GetRequiredService<Arns>().AccountId));
        services.AddSingleton<IamCredentials>();
        services.AddSingleton<ICredentialSource>(sp => sp.GetRequiredService<IamCredentials>());
        services.AddHostedService<CredentialsWarmup>();
        services.AddController<AccessKeyRefresher>();
        services.AddSingleton<UserService>();
        services.AddSingleton<AccessKeyService>();
        services.AddSingleton<RoleService>();
        services.AddSingleton<ServiceLinkedRoles>();
        services.AddSingleton<InlinePolicyService>();
        services.AddSingleton<ManagedPolicyService>();
        services.AddSingleton<AttachmentService>();
        services.AddSingleton<AccountDetails>();
        services.AddSingleton(sp => new IamServices(sp.GetRequiredService<UserService>(), sp.GetRequiredService<AccessKeyService>(),
            sp.GetRequiredService<RoleService>(), sp.GetRequiredService<ServiceLinkedRoles>(), sp.GetRequiredService<InlinePolicyService>(),
            sp.GetRequiredService<ManagedPolicyService>(), sp.GetRequiredService<AttachmentService>(), sp.GetRequiredService<AccountDetails>()));
        services.AddOperations((sp, catalog) => IamOperations.Register(catalog.For(IamOperations.Service), sp.GetRequiredService<IamServices>()));
    }
}
