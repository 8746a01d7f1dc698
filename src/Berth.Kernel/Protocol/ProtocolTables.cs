using Berth.Kernel.Auth;

namespace Berth.Kernel.Protocol;

/// <summary>
/// Each protocol's dispatch, built from the catalog: every definition is served in every protocol its service speaks,
/// through that protocol's codec (AWS JSON, Query, REST-JSON).
/// </summary>
public sealed record ProtocolTables(OperationTable Json, QueryOperationTable Query, IReadOnlyList<RestOperation> Rest, OperationInvoker Invoker)
{
    public static ProtocolTables Build(OperationCatalog catalog, IAuthorizer authorizer)
    {
        var invoker = new OperationInvoker(authorizer);
        var json = new OperationTable();
        var query = new QueryOperationTable();
        var rest = new List<RestOperation>();
        foreach (var service in catalog.Services)
        {
            foreach (var definition in service.Definitions)
            {
                if (service.Service.JsonTargetPrefix is not null)
                    json.Add(service.Service, definition, invoker);
                if (service.Service.Query is not null)
                    query.Add(service.Service, definition, invoker);
                if (service.Service.RestJson)
                    rest.Add(new RestOperation(service.Service, definition, definition.Http!));
            }
        }
        return new ProtocolTables(json, query, rest, invoker);
    }
}

/// <summary>A REST-JSON operation and where it is bound.</summary>
public sealed record RestOperation(AwsService Service, OperationDefinition Definition, HttpBinding Http)
{
    /// <summary>The binding's path as an ASP.NET-style route: <c>{Key+}</c> becomes <c>{**Key}</c>, and a fixed query part is dropped.</summary>
    public string RouteTemplate
    {
        get
        {
            var path = Http.UriTemplate.Split('?')[0];
            return System.Text.RegularExpressions.Regex.Replace(path, @"\{(\w+)\+\}", "{**$1}");
        }
    }
}
