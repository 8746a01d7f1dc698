using Berth.Kernel.Auth;
using Berth.Kernel.Tagging;

namespace Berth.SecretsManager.Api;

/// <summary>
/// What each Secrets Manager request asks to do, as IAM sees it: the secret's full ARN (looked up, since a name or a
/// partial ARN lacks the random suffix a policy may name), <c>secretsmanager:SecretId</c> as given, request tags.
/// A secret that does not exist is named as given, so the caller learns it is missing only when allowed to ask.
/// </summary>
sealed class SecretsManagerAccess(SecretStore secrets)
{
    public async ValueTask<IReadOnlyList<AccessRequest>> Secret(string operation, SecretsManagerRequest r, CancellationToken ct)
    {
        string arn;
        try
        {
            arn = (await secrets.FindAsync(r.SecretId, ct))?.Value.Arn ?? Named(r.SecretId);
        }
        catch (Kernel.AwsException)
        {
            arn = Named(r.SecretId); // a malformed SecretId: the handler refuses it once authorized
        }
        return [new($"secretsmanager:{operation}", [arn]) { Context = Keys(r.SecretId, r.Tags) }];
    }

    public IReadOnlyList<AccessRequest> Create(SecretsManagerRequest r) =>
        [new("secretsmanager:CreateSecret", [Named(r.Name)]) { Context = Keys(null, r.Tags) }];

    string Named(string? id) => id is not null && id.StartsWith("arn:", StringComparison.Ordinal)
        ? id
        : $"arn:aws:secretsmanager:{secrets.Arns.Region}:{secrets.Arns.AccountId}:secret:{id}";

    static Dictionary<string, IReadOnlyList<string>> Keys(string? secretId, List<Tag>? tags)
    {
        var context = new Dictionary<string, IReadOnlyList<string>>();
        if (secretId is not null)
            context["secretsmanager:SecretId"] = [secretId];
        context = RequestTagKeys.Add(tags?.Select(t => (t.Key, t.Value)), context);
        return context;
    }
}
