using Berth.Kernel.Auth;

namespace Berth.Kernel.Protocol;

/// <summary>
/// Runs an operation for the caller: every access its request asks for is authorized first (a refusal is the
/// service's AccessDenied and changes nothing), then the handler runs. Every protocol's codec calls it.
/// </summary>
public sealed class OperationInvoker(IAuthorizer authorizer)
{
    public async Task<object?> InvokeAsync(AwsService service, OperationDefinition definition, object request, CancellationToken ct)
    {
        var caller = Caller.Current ?? throw new InvalidOperationException($"{service.Action(definition.Name)} was called without a verified caller.");
        foreach (var access in await definition.AccessAsync(request, ct).ConfigureAwait(false))
        {
            var decision = await authorizer.AuthorizeAsync(caller, access, ct).ConfigureAwait(false);
            if (!decision.Allowed)
            {
                throw service.AccessDenied(decision.Message
                    ?? $"User: {caller.Arn} is not authorized to perform: {access.Action} on resource: {string.Join(", ", access.Resources)}");
            }
        }
        return await definition.InvokeAsync(request, ct).ConfigureAwait(false);
    }
}
