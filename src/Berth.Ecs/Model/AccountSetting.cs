namespace Berth.Ecs.Model;

/// <summary>
/// ECS's <c>Setting</c>: an account setting's value for a principal (a user, a role, or the root user, whose settings
/// are the account's defaults). <see cref="Type"/> is <c>user</c> for one that was set, <c>aws_managed</c> for a default.
/// </summary>
public sealed record AccountSetting
{
    public string? Name { get; set; }
    public string? Value { get; set; }
    public string? PrincipalArn { get; set; }
    public string? Type { get; set; }
}
