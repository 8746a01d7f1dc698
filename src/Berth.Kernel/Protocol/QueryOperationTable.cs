namespace Berth.Kernel.Protocol;

/// <summary>A Query-protocol operation: reads its parameters (by full name, <c>Tags.member.1.Key</c>), acts, and returns what writes its result.</summary>
public delegate Task<Action<QueryXmlWriter>> QueryOperation(IReadOnlyDictionary<string, string> parameters, CancellationToken ct);

/// <summary>
/// A service spoken over the Query protocol: its API version, XML namespace and SigV4 signing name; <see cref="Ec2"/> for
/// EC2's own variant of it (lists without <c>member</c>, answers without a Result wrapper, its own error document).
/// </summary>
public sealed record QueryService(string Version, string XmlNamespace, string SigningName)
{
    public bool Ec2 { get; init; }

    internal QueryDialect Dialect => Ec2 ? QueryDialect.Ec2 : QueryDialect.Query;
}

/// <summary>Operations by API version and <c>Action</c>.</summary>
public sealed class QueryOperationTable
{
    readonly Dictionary<string, (QueryService Service, Dictionary<string, QueryOperation> Operations)> _byVersion = new(StringComparer.Ordinal);

    void Add(QueryService service, string action, QueryOperation operation)
    {
        if (!_byVersion.TryGetValue(service.Version, out var entry))
            _byVersion[service.Version] = entry = (service, new Dictionary<string, QueryOperation>(StringComparer.Ordinal));
        entry.Operations[action] = operation;
    }

    /// <summary>The Query codec of a definition: parameters read into its request, its response written as XML.</summary>
    public void Add(AwsService service, OperationDefinition definition, OperationInvoker invoker)
    {
        var query = service.Query ?? throw new InvalidOperationException($"{service.SigningName} does not speak the Query protocol.");
        Add(query, definition.Name, async (parameters, ct) =>
        {
            var request = QueryCodec.Read(parameters, definition.RequestContract, service.InvalidValueCode, query.Dialect);
            var response = await invoker.InvokeAsync(service, definition, request, ct);
            return w => QueryCodec.Write(w, response, definition.ResponseContract, query.Dialect);
        });
    }

    public QueryService? Service(string? version) => version is not null && _byVersion.TryGetValue(version, out var e) ? e.Service : null;

    public QueryOperation? Find(string version, string action) =>
        _byVersion.TryGetValue(version, out var e) ? e.Operations.GetValueOrDefault(action) : null;

    public IReadOnlyCollection<string> Actions(string version) =>
        _byVersion.TryGetValue(version, out var e) ? e.Operations.Keys : [];

    /// <summary>The services served, for an error naming the versions that are (<c>elasticloadbalancing (Version=2015-12-01)</c>).</summary>
    public string Describe() => string.Join(" and ", _byVersion.Values.Select(e => $"{e.Service.SigningName} (Version={e.Service.Version})"));

    /// <summary>The Query service a request signed for <paramref name="signingName"/> belongs to, if one is served.</summary>
    public QueryService? ServiceSignedFor(string? signingName) =>
        _byVersion.Values.Select(e => e.Service).FirstOrDefault(s => s.SigningName == signingName);

    /// <summary>The namespace errors use before the request's version is known.</summary>
    public string DefaultNamespace => _byVersion.Values.FirstOrDefault().Service?.XmlNamespace ?? "https://berth.local/query/";
}
