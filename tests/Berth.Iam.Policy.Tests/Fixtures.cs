namespace Berth.Iam.Policy.Tests;

/// <summary>Principals, requests and documents the tests share: one account, a fixed time, no clock.</summary>
internal static class Fixtures
{
    public const string Account = "123456789012";
    public const string OtherAccount = "210987654321";
    public static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly RequestPrincipal Alice = new()
    {
        Type = PrincipalType.User,
        Arn = $"arn:aws:iam::{Account}:user/alice",
        AccountId = Account,
        UserId = "AIDAALICE0000000000",
        UserName = "alice",
        Tags = new Dictionary<string, string> { ["team"] = "blue", ["project"] = "berth" },
    };

    public static readonly RequestPrincipal Bob = new()
    {
        Type = PrincipalType.User,
        Arn = $"arn:aws:iam::{Account}:user/division/bob",
        AccountId = Account,
        UserId = "AIDABOB00000000000",
        UserName = "bob",
    };

    public static readonly RequestPrincipal DeploySession = new()
    {
        Type = PrincipalType.AssumedRole,
        Arn = $"arn:aws:sts::{Account}:assumed-role/deploy/ci",
        AccountId = Account,
        UserId = "AROADEPLOY000000000:ci",
        RoleArn = $"arn:aws:iam::{Account}:role/deploy",
    };

    public static readonly RequestPrincipal Stranger = new()
    {
        Type = PrincipalType.User,
        Arn = $"arn:aws:iam::{OtherAccount}:user/mallory",
        AccountId = OtherAccount,
        UserId = "AIDAMALLORY0000000",
        UserName = "mallory",
    };

    public static readonly RequestPrincipal Root = RequestPrincipal.Root(Account);

    public static readonly RequestPrincipal EcsTasks = RequestPrincipal.Service("ecs-tasks.amazonaws.com");

    public static string Cluster(string name) => $"arn:aws:ecs:us-east-1:{Account}:cluster/{name}";

    public static string Role(string name) => $"arn:aws:iam::{Account}:role/{name}";

    public static RequestContext Request(
        string action, string resource = "*", RequestPrincipal? principal = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? keys = null,
        IReadOnlyDictionary<string, string>? requestTags = null, IReadOnlyDictionary<string, string>? resourceTags = null,
        string? sourceIp = null, bool? secure = null, DateTimeOffset? time = null) => new()
        {
            Principal = principal ?? Alice,
            Action = action,
            Resource = resource,
            Time = time ?? Now,
            SourceIp = sourceIp,
            SecureTransport = secure,
            RequestedRegion = "us-east-1",
            RequestTags = requestTags,
            ResourceTags = resourceTags,
            Keys = keys,
        };

    public static Dictionary<string, IReadOnlyList<string>> Keys(params (string Key, string[] Values)[] keys) =>
        keys.ToDictionary(k => k.Key, k => (IReadOnlyList<string>)k.Values);

    /// <summary>A 2012-10-17 document of the given statements (JSON objects).</summary>
    public static string Doc(params string[] statements) => $$"""{"Version":"2012-10-17","Statement":[{{string.Join(",", statements)}}]}""";

    public static string Allow(string action, string resource = "*", string? condition = null) => Statement("Allow", action, resource, condition);

    public static string Deny(string action, string resource = "*", string? condition = null) => Statement("Deny", action, resource, condition);

    static string Statement(string effect, string action, string resource, string? condition) =>
        $$"""{"Effect":"{{effect}}","Action":{{Json(action)}},"Resource":{{Json(resource)}}{{(condition is null ? "" : $",\"Condition\":{condition}")}}}""";

    /// <summary>A plain value as a JSON string; a value already JSON (an array) as it is.</summary>
    static string Json(string value) => value.StartsWith('[') ? value : $"\"{value}\"";

    public static NamedPolicy Named(string json, string name = "policy") => new(name, PolicyDocument.Parse(json));

    public static AuthorizationResult Evaluate(RequestContext request, params string[] documents) =>
        PolicyEvaluator.Evaluate(request, [.. documents.Select((d, i) => Named(d, $"policy{i + 1}"))]);

    public static bool Allows(RequestContext request, params string[] documents) => Evaluate(request, documents).IsAllowed;

    /// <summary>Whether one statement whose only test is the condition allows the request.</summary>
    public static bool ConditionHolds(string condition, RequestContext request) =>
        Allows(request, Doc(Allow("ecs:*", "*", condition)));
}
