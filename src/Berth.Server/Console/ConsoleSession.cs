namespace Berth.Server.Console;

/// <summary>A signed-in console user: the access key they proved they hold, until when, and the CSRF token bound to the session.</summary>
public sealed record ConsoleSession(string AccessKeyId, DateTimeOffset ExpiresAt, string CsrfToken);
