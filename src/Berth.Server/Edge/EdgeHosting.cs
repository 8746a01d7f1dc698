using Berth.Kernel.Modules;
using Berth.Kernel.Protocol;
using Berth.Server.Observability;

namespace Berth.Server.Edge;

/// <summary>
/// The AWS-protocol edge on <c>POST /</c>: the operation tables built from every module's <see cref="IOperationSource"/>,
/// and the JSON and Query endpoints that verify, dispatch and answer in the AWS shapes.
/// </summary>
static class EdgeHosting
{
    public static IServiceCollection AddBerthEdge(this IServiceCollection s, BerthOptions options)
    {
        s.AddSingleton(sp => sp.GetRequiredService<OperationTables>().Json);
        s.AddSingleton(sp => sp.GetRequiredService<OperationTables>().Query);
        s.AddSingleton(sp =>
        {
            var tables = new OperationTables(new OperationTable(), new QueryOperationTable());
            foreach (var source in sp.GetServices<IOperationSource>())
                source.AddTo(tables.Json, tables.Query);
            return tables;
        });
        s.AddSingleton<AwsJsonEndpoint>();
        s.AddSingleton<QueryEndpoint>();
        s.AddSingleton(new PrometheusExporter());
        return s;
    }

    public static WebApplication MapAwsEdge(this WebApplication app)
    {
        var json = app.Services.GetRequiredService<AwsJsonEndpoint>();
        var query = app.Services.GetRequiredService<QueryEndpoint>();
        app.MapPost("/", http => QueryEndpoint.IsQueryRequest(http.Request) ? query.HandleAsync(http) : json.HandleAsync(http));
        return app;
    }

    sealed record OperationTables(OperationTable Json, QueryOperationTable Query);
}
