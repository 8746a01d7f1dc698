using Berth.Kernel.Auth;
using Berth.Kernel.Protocol;

namespace Berth.Sts.Api;

/// <summary>
/// The STS API, Version 2011-06-15, on the Query protocol, signed for <c>sts</c>. GetCallerIdentity and GetSessionToken
/// need no permission (IAM policies cannot deny them); AssumeRole asks for sts:AssumeRole on the role, after the request
/// is validated (as STS validates before it authorizes).
/// </summary>
public static class StsOperations
{
    public static readonly AwsService Service = new()
    {
        SigningName = "sts",
        Query = new QueryService("2011-06-15", "https://sts.amazonaws.com/doc/2011-06-15/", "sts"),
        InvalidValueCode = "ValidationError",
    };

    static readonly IReadOnlyList<AccessRequest> NoPermission = [];

    public static void Register(ServiceOperations ops, StsService sts)
    {
        var j = StsWireJson.Default;
        ops.Add("GetCallerIdentity", j.GetCallerIdentityInput, j.GetCallerIdentityResponse,
            (_, _) => Task.FromResult(StsService.CallerIdentity(Caller.Required)), access: _ => NoPermission);
        ops.Add("AssumeRole", j.AssumeRoleInput, j.AssumeRoleResponse, async (r, ct) =>
        {
            var assumed = await sts.AssumeRoleAsync(Caller.Required, r, ct);
            return new AssumeRoleResponse(Shape(assumed.Credentials), new AssumedRoleUserShape(assumed.AssumedRoleId, assumed.Arn));
        }, access: r =>
        {
            AssumeRoleRules.Validate(r);
            return [new AccessRequest("sts:AssumeRole", [r.RoleArn!])];
        });
        ops.Add("GetSessionToken", j.GetSessionTokenInput, j.GetSessionTokenResponse,
            async (r, ct) => new GetSessionTokenResponse(Shape(await sts.GetSessionTokenAsync(Caller.Required, r, ct))), access: _ => NoPermission);
    }

    static CredentialsShape Shape(Credential c) => new(c.AccessKeyId, c.SecretAccessKey, c.SessionToken!, c.Expiration!.Value);
}
