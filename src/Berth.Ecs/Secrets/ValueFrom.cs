using Berth.Kernel;
using Berth.Kernel.Secrets;

namespace Berth.Ecs.Secrets;

/// <summary>
/// What a container's <c>secrets[].valueFrom</c> (or <c>logConfiguration.secretOptions</c>, or
/// <c>repositoryCredentials.credentialsParameter</c>) names: the service that holds it and what to ask it for.
/// Forms, as ECS and its agent read them:
/// <list type="bullet">
/// <item>a Secrets Manager secret's ARN <c>arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-AbCdEf</c>, or that ARN with
/// all three of <c>:json-key:version-stage:version-id</c> after it (each may be empty:
/// <c>…:secret:db-AbCdEf:password::</c>);</item>
/// <item>an SSM parameter's ARN <c>arn:aws:ssm:REGION:ACCOUNT:parameter/NAME</c>;</item>
/// <item>anything else is the name of an SSM parameter in the task's region (ECS reads a bare name as a parameter,
/// never as a secret — a secret is named by its ARN).</item>
/// </list>
/// Registry credentials are a secret by ARN or by name, without a suffix.
/// </summary>
public sealed record ValueFrom(string Service, SecretRequest Request)
{
    public const string SecretsManager = "secretsmanager";
    public const string Ssm = "ssm";

    /// <summary>The service name ECS's stop reasons use (<c>asm</c>, <c>ssm</c>).</summary>
    public string ShortName => Service == SecretsManager ? "asm" : "ssm";

    /// <summary>Reads a <c>valueFrom</c>; null with the reason when it names nothing ECS can read.</summary>
    public static (ValueFrom? Found, string? Problem) Parse(string? valueFrom)
    {
        if (string.IsNullOrWhiteSpace(valueFrom))
            return (null, "valueFrom must name a Secrets Manager secret (its ARN) or an SSM parameter (its ARN or name)");
        if (valueFrom.Any(char.IsWhiteSpace))
            return (null, $"valueFrom '{valueFrom}' contains white space");
        if (!valueFrom.StartsWith("arn:", StringComparison.Ordinal))
            return (new ValueFrom(Ssm, new SecretRequest(valueFrom)), null);
        var arn = Arns.Parse(valueFrom);
        switch (arn?.Service)
        {
            case SecretsManager:
                return Secret(valueFrom, allowSuffix: true);
            case Ssm when arn.Resource.StartsWith("parameter/", StringComparison.Ordinal) && arn.Resource.Length > "parameter/".Length:
                return (new ValueFrom(Ssm, new SecretRequest(valueFrom)), null);
            case Ssm:
                return (null, $"valueFrom '{valueFrom}' is not an SSM parameter ARN: arn:aws:ssm:REGION:ACCOUNT:parameter/NAME");
            default:
                return (null, $"valueFrom '{valueFrom}' must be the ARN of a Secrets Manager secret or of an SSM parameter, or the name of an SSM parameter");
        }
    }

    /// <summary>Reads <c>repositoryCredentials.credentialsParameter</c>: a Secrets Manager secret by ARN or name.</summary>
    public static (ValueFrom? Found, string? Problem) ParseCredentials(string? credentialsParameter)
    {
        if (string.IsNullOrWhiteSpace(credentialsParameter))
            return (null, "repositoryCredentials.credentialsParameter must name a Secrets Manager secret (its ARN or name)");
        if (!credentialsParameter.StartsWith("arn:", StringComparison.Ordinal))
        {
            return credentialsParameter.Contains(':', StringComparison.Ordinal) || credentialsParameter.Any(char.IsWhiteSpace)
                ? (null, $"repositoryCredentials.credentialsParameter '{credentialsParameter}' is not a secret name or ARN")
                : (new ValueFrom(SecretsManager, new SecretRequest(credentialsParameter)), null);
        }
        return Arns.Parse(credentialsParameter)?.Service == SecretsManager
            ? Secret(credentialsParameter, allowSuffix: false)
            : (null, $"repositoryCredentials.credentialsParameter '{credentialsParameter}' must be the ARN or name of a Secrets Manager secret");
    }

    /// <summary>
    /// <c>arn:…:secret:ID</c> (7 fields), or with the suffix <c>ID:json-key:version-stage:version-id</c> (10 fields) —
    /// the agent accepts nothing in between.
    /// </summary>
    static (ValueFrom?, string?) Secret(string arn, bool allowSuffix)
    {
        var parts = arn.Split(':');
        var wellFormed = parts.Length >= 7 && parts[5] == "secret" && parts[6].Length > 0 && parts[3].Length > 0 && parts[4].Length > 0;
        if (!wellFormed || !(parts.Length == 7 || (allowSuffix && parts.Length == 10)))
            return (null, $"'{arn}': an invalid ARN format for the AWS Secrets Manager secret was specified. Specify a valid ARN and try again.");
        static string? Field(string s) => s.Length == 0 ? null : s;
        var request = parts.Length == 7
            ? new SecretRequest(arn)
            : new SecretRequest(string.Join(':', parts[..7])) { JsonKey = Field(parts[7]), VersionStage = Field(parts[8]), VersionId = Field(parts[9]) };
        return (new ValueFrom(SecretsManager, request), null);
    }
}
