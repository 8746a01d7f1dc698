using Berth.Kernel.Protocol;
using static Berth.SecretsManager.SecretsManagerErrors;

namespace Berth.SecretsManager.Api;

/// <summary>The Secrets Manager operations (AWS JSON 1.1).</summary>
static class SecretsManagerOperations
{
    public const string Prefix = "secretsmanager";

    public static readonly AwsService Service = new() { SigningName = "secretsmanager", JsonTargetPrefix = Prefix };

    public static void Register(ServiceOperations ops, SecretService secrets, SecretVersionService versions, SecretListing listing, SecretPolicyService policies, SecretStore store)
    {
        var j = SecretsManagerJson.Default;
        var a = new SecretsManagerAccess(store);
        ops.Add("CreateSecret", j.SecretsManagerRequest, j.SecretIdentity, secrets.CreateAsync,
            access: r => a.Create(r));
        ops.Add("UpdateSecret", j.SecretsManagerRequest, j.SecretIdentity, secrets.UpdateAsync,
            accessAsync: (r, ct) => a.Secret("UpdateSecret", r, ct));
        ops.Add("DescribeSecret", j.SecretsManagerRequest, j.SecretDescription, (r, ct) => secrets.DescribeAsync(r.SecretId, ct),
            accessAsync: (r, ct) => a.Secret("DescribeSecret", r, ct));
        ops.Add("DeleteSecret", j.SecretsManagerRequest, j.DeleteSecretResponse, secrets.DeleteAsync,
            accessAsync: (r, ct) => a.Secret("DeleteSecret", r, ct));
        ops.Add("RestoreSecret", j.SecretsManagerRequest, j.SecretIdentity, (r, ct) => secrets.RestoreAsync(r.SecretId, ct),
            accessAsync: (r, ct) => a.Secret("RestoreSecret", r, ct));
        ops.Add("ListSecrets", j.SecretsManagerRequest, j.ListSecretsResponse, listing.ListAsync);
        ops.Add("TagResource", j.SecretsManagerRequest, j.EmptyResponse, async (r, ct) =>
        {
            await secrets.TagAsync(r.SecretId, r.Tags, ct);
            return new EmptyResponse();
        },
            accessAsync: (r, ct) => a.Secret("TagResource", r, ct));
        ops.Add("UntagResource", j.SecretsManagerRequest, j.EmptyResponse, async (r, ct) =>
        {
            await secrets.UntagAsync(r.SecretId, r.TagKeys, ct);
            return new EmptyResponse();
        },
            accessAsync: (r, ct) => a.Secret("UntagResource", r, ct));

        ops.Add("GetSecretValue", j.SecretsManagerRequest, j.GetSecretValueResponse, (r, ct) => versions.GetValueAsync(r.SecretId, r.VersionId, r.VersionStage, ct),
            accessAsync: (r, ct) => a.Secret("GetSecretValue", r, ct));
        ops.Add("BatchGetSecretValue", j.SecretsManagerRequest, j.BatchGetSecretValueResponse, listing.BatchGetAsync);
        ops.Add("PutSecretValue", j.SecretsManagerRequest, j.SecretIdentity, versions.PutValueAsync,
            accessAsync: (r, ct) => a.Secret("PutSecretValue", r, ct));
        ops.Add("UpdateSecretVersionStage", j.SecretsManagerRequest, j.SecretIdentity, versions.UpdateStageAsync,
            accessAsync: (r, ct) => a.Secret("UpdateSecretVersionStage", r, ct));
        ops.Add("ListSecretVersionIds", j.SecretsManagerRequest, j.ListSecretVersionIdsResponse, versions.ListAsync,
            accessAsync: (r, ct) => a.Secret("ListSecretVersionIds", r, ct));

        ops.Add("GetResourcePolicy", j.SecretsManagerRequest, j.GetResourcePolicyResponse, (r, ct) => policies.GetAsync(r.SecretId, ct),
            accessAsync: (r, ct) => a.Secret("GetResourcePolicy", r, ct));
        ops.Add("PutResourcePolicy", j.SecretsManagerRequest, j.SecretIdentity, (r, ct) => policies.PutAsync(r.SecretId, r.ResourcePolicy, r.BlockPublicPolicy == true, ct),
            accessAsync: (r, ct) => a.Secret("PutResourcePolicy", r, ct));
        ops.Add("DeleteResourcePolicy", j.SecretsManagerRequest, j.SecretIdentity, (r, ct) => policies.DeleteAsync(r.SecretId, ct),
            accessAsync: (r, ct) => a.Secret("DeleteResourcePolicy", r, ct));
        ops.Add("ValidateResourcePolicy", j.SecretsManagerRequest, j.ValidateResourcePolicyResponse, (r, ct) => policies.ValidateAsync(r.SecretId, r.ResourcePolicy, ct),
            accessAsync: (r, ct) => a.Secret("ValidateResourcePolicy", r, ct));

        ops.Add("GetRandomPassword", j.SecretsManagerRequest, j.GetRandomPasswordResponse, (r, _) => Task.FromResult(new GetRandomPasswordResponse(RandomPasswords.Generate(r))));

        // Rotation runs a Lambda function and replication needs other regions: Berth has neither, so these are refused
        // (after the secret is found, so a wrong SecretId still reads as such).
        Refuse(ops, store, "RotateSecret", "Berth does not rotate secrets: rotation runs a Lambda function, which Berth does not have. Put a new value with PutSecretValue instead.");
        Refuse(ops, store, "CancelRotateSecret", "Berth does not rotate secrets, so there is no rotation to cancel.");
        Refuse(ops, store, "ReplicateSecretToRegions", "Berth serves one region and does not replicate secrets.");
        Refuse(ops, store, "RemoveRegionsFromReplication", "Berth serves one region and does not replicate secrets.");
        Refuse(ops, store, "StopReplicationToReplica", "Berth serves one region: no secret is a replica.");
    }

    static void Refuse(ServiceOperations ops, SecretStore store, string name, string why) =>
        ops.Add(name, SecretsManagerJson.Default.SecretsManagerRequest, SecretsManagerJson.Default.SecretIdentity, async (r, ct) =>
        {
            await store.RequireAsync(r.SecretId, ct);
            throw InvalidRequest($"{name} is not supported: {why}");
        });
}
