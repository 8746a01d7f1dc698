namespace Berth.Kernel.Auth;

/// <summary>Resolves an access key id to its credential: the secret to verify a signature with, and whom it belongs to.</summary>
public interface ICredentialLookup
{
    /// <summary>The credential for <paramref name="accessKeyId"/>, or <c>null</c> if the key is unknown or inactive.</summary>
    Credential? Find(string accessKeyId);
}
