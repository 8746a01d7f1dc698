using Berth.Kernel;
using Berth.Kernel.Auth;

namespace Berth.Ecr;

/// <summary>Credentials the engine presents to a registry when it pulls an image for a task.</summary>
public sealed record RegistryCredential(string ServerAddress, string UserName, string Password);

/// <summary>
/// Execution-role semantics for Berth's own registry: a task's image from it is pulled with a fresh registry token
/// issued to <c>puller</c> (the task's execution role session), so the registry authorizes the pull as that role; without
/// one, as the account (Berth's own pulls). Images from elsewhere are pulled as the engine is configured.
/// </summary>
public sealed class ImageCredentials(RegistrySettings settings, RegistryTokens tokens, Arns arns)
{
    /// <summary>The registry's host, as images name it (<c>localhost:4566</c>).</summary>
    public string Host => settings.Host;

    public RegistryCredential? For(string image, Principal? puller = null)
    {
        if (RepositoryOf(image) is null)
            return null;
        return new RegistryCredential(settings.Host, RegistryTokens.UserName, tokens.Issue(puller ?? Principal.Root(arns.AccountId)).Token);
    }

    /// <summary>The repository an image of Berth's own registry is in (<c>HOST/team/app:1</c> → <c>team/app</c>); null for other registries.</summary>
    public string? RepositoryOf(string image)
    {
        if (!image.StartsWith(settings.Host + "/", StringComparison.Ordinal))
            return null;
        var path = image[(settings.Host.Length + 1)..].Split('@')[0];
        var colon = path.LastIndexOf(':');
        return colon > path.LastIndexOf('/') ? path[..colon] : path;
    }
}
