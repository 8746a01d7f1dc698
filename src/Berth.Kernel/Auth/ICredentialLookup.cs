namespace Berth.Kernel.Auth;

/// <summary>Resolves an access key id to its secret access key.</summary>
public interface ICredentialLookup
{
    /// <summary>Returns the secret for <paramref name="accessKeyId"/>, or <c>null</c> if the key is unknown.</summary>
    string? FindSecret(string accessKeyId);
}
