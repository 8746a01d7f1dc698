using Berth.Kernel.Auth;

namespace Berth.TestSupport;

public sealed class StaticCredentials(params (string AccessKeyId, string Secret)[] keys) : ICredentialLookup
{
    private readonly Dictionary<string, string> _keys = keys.ToDictionary(k => k.AccessKeyId, k => k.Secret);

    /// <summary>Every key belongs to the root of account 000000000000.</summary>
    public Credential? Find(string accessKeyId) =>
        _keys.TryGetValue(accessKeyId, out var secret) ? new Credential(accessKeyId, secret, Principal.Root("000000000000")) : null;
}
