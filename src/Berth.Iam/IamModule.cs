using Berth.Iam.Api;
using Berth.Iam.Authorization;
using Berth.Iam.Credentials;
using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Controllers;
using Berth.Kernel.Modules;
using Berth.Kernel.Storage;
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
        services.AddSingleton<IdentityPolicyIndex>();
        services.AddController<IdentityPolicyRefresher>();
        services.AddSingleton<IAuthorizer, IamAuthorizer>();
        // IAM's services write through a store that marks the policy index stale, so changes apply from the next call.
        services.AddSingleton(sp => new IamWritesStore(sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<IdentityPolicyIndex>()));
        AddWithIamStore<UserService>(services);
        AddWithIamStore<AccessKeyService>(services);
        AddWithIamStore<RoleService>(services);
        AddWithIamStore<ServiceLinkedRoles>(services);
        AddWithIamStore<InlinePolicyService>(services);
        AddWithIamStore<ManagedPolicyService>(services);
        AddWithIamStore<AttachmentService>(services);
        services.AddSingleton<AccountDetails>();
        services.AddSingleton(sp => new IamServices(sp.GetRequiredService<UserService>(), sp.GetRequiredService<AccessKeyService>(),
            sp.GetRequiredService<RoleService>(), sp.GetRequiredService<ServiceLinkedRoles>(), sp.GetRequiredService<InlinePolicyService>(),
            sp.GetRequiredService<ManagedPolicyService>(), sp.GetRequiredService<AttachmentService>(), sp.GetRequiredService<AccountDetails>()));
        services.AddOperations((sp, catalog) => IamOperations.Register(catalog.For(IamOperations.Service), sp.GetRequiredService<IamServices>()));
    }

    static void AddWithIamStore<T>(IServiceCollection services) where T : class =>
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<T>(sp, sp.GetRequiredService<IamWritesStore>()));
}
