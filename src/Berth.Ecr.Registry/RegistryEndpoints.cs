using Berth.Ecr.Registry.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Ecr.Registry;

/// <summary>The OCI distribution API (v1.1) on <c>/v2/</c>.</summary>
public static class RegistryEndpoints
{
    /// <summary>
    /// Maps <c>/v2</c> and <c>/v2/{**rest}</c> for every method; the path is taken apart by the registry itself
    /// because repository names hold slashes. Needs <see cref="RegistryServiceCollectionExtensions.AddBerthRegistry"/>.
    /// </summary>
    public static void MapRegistry(this IEndpointRouteBuilder app)
    {
        static Task Handle(HttpContext context) => context.RequestServices.GetRequiredService<RegistryHandler>().HandleAsync(context);
        app.Map("/v2", Handle);
        app.Map("/v2/{**rest}", Handle);
    }
}
