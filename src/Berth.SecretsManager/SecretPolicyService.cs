using Berth.Kernel.Storage;
using Berth.SecretsManager.Api;
using static Berth.SecretsManager.SecretsManagerKinds;

namespace Berth.SecretsManager;

/// <summary>A secret's resource policy: kept and returned as given, checked but not evaluated (see <see cref="ResourcePolicies"/>).</summary>
sealed class SecretPolicyService(SecretStore secrets)
{
    /// <summary>The secret's policy; a secret without one answers with no ResourcePolicy (what Terraform reads).</summary>
    public async Task<GetResourcePolicyResponse> GetAsync(string? secretId, CancellationToken ct)
    {
        var secret = (await secrets.RequireAsync(secretId, ct)).Value;
        return new GetResourcePolicyResponse(secret.Arn, secret.Name, secret.ResourcePolicy);
    }

    /// <summary>
    /// Stores the policy as given. BlockPublicPolicy defaults to false, as in AWS's API; when true a policy that lets
    /// anyone in is refused, so configurations that set it keep working and get the same protection they expect.
    /// </summary>
    public async Task<SecretIdentity> PutAsync(string? secretId, string? policy, bool blockPublic, CancellationToken ct)
    {
        ResourcePolicies.Require(policy, blockPublic);
        return await ChangeAsync(secretId, policy, ct);
    }

    public Task<SecretIdentity> DeleteAsync(string? secretId, CancellationToken ct) => ChangeAsync(secretId, null, ct);

    public async Task<ValidateResourcePolicyResponse> ValidateAsync(string? secretId, string? policy, CancellationToken ct)
    {
        if (secretId is not null)
            await secrets.RequireAsync(secretId, ct);
        var problems = ResourcePolicies.Problems(policy);
        return new ValidateResourcePolicyResponse(problems.Count == 0, problems);
    }

    async Task<SecretIdentity> ChangeAsync(string? secretId, string? policy, CancellationToken ct)
    {
        var name = (await secrets.RequireActiveAsync(secretId, ct)).Value.Name;
        var secret = await secrets.State.MutateAsync(Secrets, name, (s, _) => s.IsDeleted ? throw SecretsManagerErrors.MarkedForDeletion() : s with { ResourcePolicy = policy }, ct)
            ?? throw SecretsManagerErrors.NotFound();
        return new SecretIdentity(secret.Arn, secret.Name);
    }
}
