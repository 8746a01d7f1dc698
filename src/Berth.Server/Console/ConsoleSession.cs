namespace Berth.Server.Console;

/// <summary>
/// A signed-in console user: the access key they proved they hold, whose it is (root or an IAM user: the console shows what
/// that principal's policies allow, since every call is authorized as it), until when, and the CSRF token bound to the session.
/// </summary>
public sealed record ConsoleSession(string AccessKeyId, DateTimeOffset ExpiresAt, string CsrfToken)
{
    public string? Arn { get; init; }
}
