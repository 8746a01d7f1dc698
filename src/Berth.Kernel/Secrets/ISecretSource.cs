using Berth.Kernel.Auth;

namespace Berth.Kernel.Secrets;

/// <summary>
/// One value a container asks a service for (ECS <c>secrets[].valueFrom</c>, <c>repositoryCredentials</c>): the secret
/// or parameter by name or ARN and, for Secrets Manager, which of its values — a top-level key of a JSON secret, a
/// version stage or a version id.
/// </summary>
public sealed record SecretRequest(string Id)
{
    public string? JsonKey { get; init; }
    public string? VersionStage { get; init; }
    public string? VersionId { get; init; }
}

/// <summary>
/// A service that holds values the platform hands to containers (Secrets Manager, SSM Parameter Store). ECS reads them
/// when it starts a task, under the task's execution role; those modules are not beneath ECS, so each implements this
/// port and ECS finds them by <see cref="Service"/>.
/// </summary>
public interface ISecretSource
{
    /// <summary>The service in the ARNs this source reads: <c>secretsmanager</c> or <c>ssm</c>.</summary>
    string Service { get; }

    /// <summary>
    /// What reading <paramref name="id"/> asks, as IAM sees it: the action the service authorizes the read as
    /// (<c>secretsmanager:GetSecretValue</c>, <c>ssm:GetParameters</c>) on the resource's full ARN — the id as given
    /// when nothing by that id exists, so a refusal names what was asked for.
    /// </summary>
    Task<AccessRequest> AccessAsync(string id, CancellationToken ct);

    /// <summary>
    /// The value, as the service's own read gives it (SecureStrings decrypted); an <see cref="AwsException"/> with the
    /// service's code and message — which never contain a value — when there is none.
    /// </summary>
    Task<string> ReadAsync(SecretRequest request, CancellationToken ct);
}
