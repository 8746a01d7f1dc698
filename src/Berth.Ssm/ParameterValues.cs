using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Secrets;

namespace Berth.Ssm;

/// <summary>
/// Resolves parameters for other modules: ECS calls it for each container's <c>secrets: [{valueFrom}]</c> that names a
/// parameter (its name, or its ARN <c>arn:aws:ssm:REGION:ACCOUNT:parameter/NAME</c>, optionally with a <c>:version</c>
/// or <c>:label</c> selector). SecureString values come back decrypted. Failures are the AwsExceptions GetParameter
/// gives (ParameterNotFound, ParameterVersionNotFound), whose messages never contain a value.
/// </summary>
public sealed class ParameterValues : ISecretSource
{
    readonly ParameterReader _reader;
    readonly Arns _arns;

    internal ParameterValues(ParameterReader reader, Arns arns) => (_reader, _arns) = (reader, arns);

    public string Service => "ssm";

    /// <summary>ECS reads parameters with GetParameters, authorized on the parameter's ARN (without a selector).</summary>
    public Task<AccessRequest> AccessAsync(string id, CancellationToken ct)
    {
        var arn = ParameterNames.Parse(_arns, id) is { } reference ? ParameterNames.Arn(_arns, reference.Key)
            : id.StartsWith("arn:", StringComparison.Ordinal) ? id
            : ParameterNames.Arn(_arns, id);
        return Task.FromResult(new AccessRequest("ssm:GetParameters", [arn]));
    }

    public Task<string> ReadAsync(SecretRequest request, CancellationToken ct) => ResolveAsync(request.Id, ct);

    public async Task<string> ResolveAsync(string nameOrArn, CancellationToken ct)
    {
        SsmErrors.Required(nameOrArn, "name", 1, 2048);
        var (_, version) = await _reader.FindAsync(nameOrArn, ct);
        return _reader.Value(version, decrypt: true);
    }
}
