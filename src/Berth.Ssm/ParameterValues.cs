namespace Berth.Ssm;

/// <summary>
/// Resolves parameters for other modules: ECS calls it for each container's <c>secrets: [{valueFrom}]</c> that names a
/// parameter (its name, or its ARN <c>arn:aws:ssm:REGION:ACCOUNT:parameter/NAME</c>, optionally with a <c>:version</c>
/// or <c>:label</c> selector). SecureString values come back decrypted. Failures are the AwsExceptions GetParameter
/// gives (ParameterNotFound, ParameterVersionNotFound), whose messages never contain a value.
/// </summary>
public sealed class ParameterValues
{
    readonly ParameterReader _reader;

    internal ParameterValues(ParameterReader reader) => _reader = reader;

    public async Task<string> ResolveAsync(string nameOrArn, CancellationToken ct)
    {
        SsmErrors.Required(nameOrArn, "name", 1, 2048);
        var (_, version) = await _reader.FindAsync(nameOrArn, ct);
        return _reader.Value(version, decrypt: true);
    }
}
