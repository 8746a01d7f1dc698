using Berth.Kernel.Auth;
using Berth.Kernel.Modules;
using Berth.Kernel.Protocol;
using Berth.Server.Observability;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Berth.Server.Edge;

/// <summary>
/// The AWS-protocol edge: every module's operations gathered in one catalog, served by the AWS JSON and Query endpoints on
/// <c>POST /</c> and by the REST-JSON endpoint on each operation's own route.
/// </summary>
static class EdgeHosting
{
    public static IServiceCollection AddBerthEdge(this IServiceCollection s)
    {
        s.AddSingleton(sp =>
        {
            var catalog = new OperationCatalog();
            foreach (var source in sp.GetServices<IOperationSource>())
                source.AddTo(catalog);
            return ProtocolTables.Build(catalog, sp.GetRequiredService<IAuthorizer>());
        });
        s.AddSingleton(sp => sp.GetRequiredService<ProtocolTables>().Json);
        s.AddSingleton(sp => sp.GetRequiredService<ProtocolTables>().Query);
        s.TryAddSingleton<IAuthorizer, AllowAll>(); // until a module (IAM) decides
        s.AddSingleton<AwsJsonEndpoint>();
        s.AddSingleton<QueryEndpoint>();
        s.AddSingleton<RestJsonEndpoint>();
        s.AddSingleton(new PrometheusExporter());
        return s;
    }

    public static WebApplication MapAwsEdge(this WebApplication app)
    {
        var json = app.Services.GetRequiredService<AwsJsonEndpoint>();
        var query = app.Services.GetRequiredService<QueryEndpoint>();
        app.MapPost("/", http => QueryEndpoint.IsQueryRequest(http.Request) ? query.HandleAsync(http) : json.HandleAsync(http));
        var rest = app.Services.GetRequiredService<RestJsonEndpoint>();
        foreach (var operation in app.Services.GetRequiredService<ProtocolTables>().Rest)
            app.MapMethods(operation.RouteTemplate, [operation.Http.Method], http => rest.HandleAsync(http, operation));
        return app;
    }
}
