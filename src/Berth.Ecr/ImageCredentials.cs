namespace Berth.Ecr;

/// <summary>Credentials the engine presents to a registry when it pulls an image for a task.</summary>
public sealed record RegistryCredential(string ServerAddress, string UserName, string Password);

/// <summary>
/// Execution-role semantics for Berth's own registry: a task's image from it is pulled with a fresh
/// registry token; images from elsewhere are pulled as the engine is configured.
/// </summary>
public sealed class ImageCredentials(RegistrySettings settings, RegistryTokens tokens)
{
    public RegistryCredential? For(string image)
    {
        if (!image.StartsWith(settings.Host + "/", StringComparison.Ordinal))
            return null;
        return new RegistryCredential(settings.Host, RegistryTokens.UserName, tokens.Issue().Token);
    }
}
