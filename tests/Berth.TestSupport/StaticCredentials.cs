using Berth.Kernel.Auth;

namespace Berth.TestSupport;

public sealed class StaticCredentials(params (string AccessKeyId, string Secret)[] keys) : ICredentialLookup
{
    private readonly Dictionary<string, string> _keys = keys.ToDictionary(k => k.AccessKeyId, k => k.Secret);

    public string? FindSecret(string accessKeyId) => _keys.GetValueOrDefault(accessKeyId);
}
