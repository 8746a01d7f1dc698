using System.Globalization;

namespace Berth.Iam.Policy;

/// <summary>
/// What a request asks for and the facts its conditions can test (IAM's "request context"). Build one per request;
/// time is an input (<see cref="Time"/>), never read here. The typed properties feed the global <c>aws:</c> keys; any
/// other key (<c>ecs:cluster</c>, <c>iam:PassedToService</c>, <c>sts:ExternalId</c>) goes in <see cref="Keys"/>, which
/// also answers for a global key whose property is null.
/// </summary>
public sealed class RequestContext
{
    string? _actionLower;
    string? _currentTime;
    string? _epochTime;
    string[]? _tagKeys;

    public required RequestPrincipal Principal { get; init; }

    /// <summary><c>service:Operation</c>, e.g. <c>ecs:RunTask</c>.</summary>
    public required string Action { get; init; }

    /// <summary>The resource's ARN, or <c>*</c> for an action that names none (List*, Create* of a new name).</summary>
    public string Resource { get; init; } = "*";

    /// <summary>When the request is made: <c>aws:CurrentTime</c> and <c>aws:EpochTime</c>.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary><c>aws:SourceIp</c>.</summary>
    public string? SourceIp { get; init; }

    /// <summary><c>aws:SecureTransport</c>: whether the request came over TLS.</summary>
    public bool? SecureTransport { get; init; }

    /// <summary><c>aws:RequestedRegion</c>.</summary>
    public string? RequestedRegion { get; init; }

    /// <summary><c>aws:ViaAWSService</c>: a service made the call for the principal (always in the context).</summary>
    public bool ViaAwsService { get; init; }

    /// <summary>Tags the request sets (<c>aws:RequestTag/KEY</c>; their keys are <c>aws:TagKeys</c>).</summary>
    public IReadOnlyDictionary<string, string>? RequestTags { get; init; }

    /// <summary>The resource's tags (<c>aws:ResourceTag/KEY</c>).</summary>
    public IReadOnlyDictionary<string, string>? ResourceTags { get; init; }

    /// <summary>Other condition keys by name (names are matched case-insensitively), each with one or more values.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Keys { get; init; }

    /// <summary>The same request for another resource (an action touching several is allowed only on each).</summary>
    public RequestContext ForResource(string resource) => Copy(resource, ResourceTags);

    /// <summary>The same request with the resource's tags (<c>aws:ResourceTag/KEY</c>), read once the resource is known.</summary>
    public RequestContext WithResourceTags(IReadOnlyDictionary<string, string>? tags) => Copy(Resource, tags);

    RequestContext Copy(string resource, IReadOnlyDictionary<string, string>? resourceTags) => new()
    {
        Principal = Principal,
        Action = Action,
        Resource = resource,
        Time = Time,
        SourceIp = SourceIp,
        SecureTransport = SecureTransport,
        RequestedRegion = RequestedRegion,
        ViaAwsService = ViaAwsService,
        RequestTags = RequestTags,
        ResourceTags = resourceTags,
        Keys = Keys,
        _actionLower = _actionLower,
    };

    /// <summary>Actions match case-insensitively: lower-cased once per request, against lower-cased patterns.</summary>
    internal string ActionLower => _actionLower ??= Action.ToLowerInvariant();

    internal KeyValues Resolve(ContextKey key)
    {
        var typed = key.Kind switch
        {
            KeyKind.PrincipalArn => One(Principal.PrincipalArn),
            KeyKind.PrincipalAccount => One(Principal.AccountId),
            KeyKind.PrincipalType => One(PrincipalTypeName(Principal.Type)),
            KeyKind.UserId => One(Principal.UserId),
            KeyKind.UserName => One(Principal.Type == PrincipalType.User ? Principal.UserName : null),
            KeyKind.PrincipalServiceName => One(Principal.Type == PrincipalType.Service ? Principal.Arn : null),
            KeyKind.PrincipalIsAwsService => new KeyValues(Principal.Type == PrincipalType.Service ? "true" : "false"),
            KeyKind.SourceIp => One(SourceIp),
            KeyKind.SecureTransport => SecureTransport is { } secure ? new KeyValues(secure ? "true" : "false") : default,
            KeyKind.CurrentTime => new KeyValues(_currentTime ??= Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
            KeyKind.EpochTime => new KeyValues(_epochTime ??= Time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            KeyKind.RequestedRegion => One(RequestedRegion),
            KeyKind.ViaAwsService => new KeyValues(ViaAwsService ? "true" : "false"),
            KeyKind.PrincipalTag => One(Tag(Principal.Tags, key.Suffix!)),
            KeyKind.RequestTag => One(Tag(RequestTags, key.Suffix!)),
            KeyKind.ResourceTag => One(Tag(ResourceTags, key.Suffix!)),
            KeyKind.TagKeys => RequestTags is null ? default : new KeyValues(_tagKeys ??= [.. RequestTags.Keys]),
            _ => default,
        };
        return typed.Count > 0 ? typed : Other(key.Name);
    }

    KeyValues Other(string name)
    {
        if (Keys is null)
            return default;
        if (Keys.TryGetValue(name, out var exact))
            return new KeyValues(exact);
        foreach (var (k, v) in Keys)
        {
            if (string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
                return new KeyValues(v);
        }
        return default;
    }

    static KeyValues One(string? value) => value is null ? default : new KeyValues(value);

    /// <summary>Tag keys in condition keys match case-insensitively, as the key names they are part of.</summary>
    static string? Tag(IReadOnlyDictionary<string, string>? tags, string key)
    {
        if (tags is null)
            return null;
        if (tags.TryGetValue(key, out var exact))
            return exact;
        foreach (var (k, v) in tags)
        {
            if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase))
                return v;
        }
        return null;
    }

    static string? PrincipalTypeName(PrincipalType type) => type switch
    {
        PrincipalType.Account => "Account",
        PrincipalType.User => "User",
        PrincipalType.AssumedRole => "AssumedRole",
        PrincipalType.FederatedUser => "FederatedUser",
        PrincipalType.Anonymous => "Anonymous",
        _ => null,
    };
}
