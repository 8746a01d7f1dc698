using Berth.Sts.Api;

namespace Berth.Sts;

/// <summary>
/// What AssumeRole accepts before anything is looked up: the model's constraints, then the parameters Berth refuses by
/// name (session policies and tags, MFA, source identity, trusted contexts — each would change what the session may do,
/// so none is accepted and ignored). The edge runs this before authorizing, as STS validates before it authorizes.
/// </summary>
internal static class AssumeRoleRules
{
    public const int DefaultDurationSeconds = 3600;
    public const int ChainedMaxSeconds = 3600;

    public static void Validate(AssumeRoleInput r)
    {
        var v = new StsValidation();
        if (v.Required(r.RoleArn, "roleArn"))
            v.Text(r.RoleArn, "roleArn", 20, 2048);
        if (v.Required(r.RoleSessionName, "roleSessionName"))
            v.Text(r.RoleSessionName, "roleSessionName", 2, 64, StsValidation.SessionNamePattern(), StsValidation.SessionNameRegex);
        v.Range(r.DurationSeconds, "durationSeconds", 900, 43200);
        v.Text(r.ExternalId, "externalId", 2, 1224, StsValidation.ExternalIdPattern(), StsValidation.ExternalIdRegex);
        v.Text(r.Policy, "policy", 1, 2048);
        v.Text(r.SourceIdentity, "sourceIdentity", 2, 64, StsValidation.SessionNamePattern(), StsValidation.SessionNameRegex);
        v.Text(r.SerialNumber, "serialNumber", 9, 256);
        v.Text(r.TokenCode, "tokenCode", 6, 6);
        v.ThrowIfAny();

        if (r.Policy is not null)
            throw StsErrors.Unsupported("Policy", "session policies (an inline policy that narrows the session's permissions) are not applied by Berth's authorizer.");
        if (r.PolicyArns is { Count: > 0 })
            throw StsErrors.Unsupported("PolicyArns", "managed session policies are not applied by Berth's authorizer.");
        if (r.Tags is { Count: > 0 })
            throw StsErrors.Unsupported("Tags", "session tags are not passed to the session's principal.");
        if (r.TransitiveTagKeys is { Count: > 0 })
            throw StsErrors.Unsupported("TransitiveTagKeys", "session tags are not passed to the session's principal.");
        if (r.SerialNumber is not null || r.TokenCode is not null)
            throw StsErrors.Unsupported(r.SerialNumber is not null ? "SerialNumber" : "TokenCode", "Berth has no MFA devices to check a code against.");
        if (r.SourceIdentity is not null)
            throw StsErrors.Unsupported("SourceIdentity", "source identities are not recorded on sessions.");
        if (r.ProvidedContexts is { Count: > 0 })
            throw StsErrors.Unsupported("ProvidedContexts", "trusted context assertions are not available.");
        if (RoleArn.Parse(r.RoleArn!) is null)
            throw StsErrors.Validation($"{r.RoleArn} is invalid");
    }
}
