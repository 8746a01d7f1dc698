using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.ServiceDiscovery.Api;
using static Berth.ServiceDiscovery.DiscoveryErrors;
using static Berth.ServiceDiscovery.DiscoveryKinds;

namespace Berth.ServiceDiscovery;

/// <summary>
/// The operations namespace, service and instance changes are reported as (GetOperation, ListOperations). Berth applies a
/// change in the request that asks for it, so each is recorded in the same commit as SUCCESS.
/// </summary>
sealed class OperationLog(IStateStore store, Arns arns, TimeProvider clock)
{
    public const string CreateNamespace = "CREATE_NAMESPACE";
    public const string DeleteNamespace = "DELETE_NAMESPACE";
    public const string UpdateNamespace = "UPDATE_NAMESPACE";
    public const string UpdateService = "UPDATE_SERVICE";
    public const string RegisterInstance = "REGISTER_INSTANCE";
    public const string DeregisterInstance = "DEREGISTER_INSTANCE";

    public string AccountId => arns.AccountId;

    public static readonly string[] Types = [CreateNamespace, DeleteNamespace, UpdateNamespace, UpdateService, RegisterInstance, DeregisterInstance];

    public DiscoveryOperation New(string type, Dictionary<string, string> targets, string? requestToken = null)
    {
        var now = clock.GetUtcNow();
        return new DiscoveryOperation
        {
            Id = DiscoveryIds.NewOperationId(),
            Type = type,
            CreateDate = now,
            UpdateDate = now,
            Targets = targets,
            RequestKey = RequestKey(type, requestToken),
        };
    }

    static string? RequestKey(string type, string? token) => token is null ? null : $"{type}|{token}";

    /// <summary>The operation an earlier request with this idempotency token started, if any.</summary>
    public async Task<DiscoveryOperation?> ByRequestAsync(string type, string? token, CancellationToken ct) =>
        token is null ? null : (await store.ListAsync(Operations, new StoreQuery { Name = RequestKey(type, token), Limit = 1 }, ct)).FirstOrDefault()?.Value;

    /// <summary>
    /// A retried request (same token, same target) gets the operation it started; the token reused for another target is
    /// a DuplicateRequest. Null when the token is new.
    /// </summary>
    public async Task<string?> RetriedAsync(string type, string? token, Func<DiscoveryOperation, bool> sameRequest, CancellationToken ct)
    {
        var earlier = await ByRequestAsync(type, token, ct);
        if (earlier is null)
            return null;
        return sameRequest(earlier) ? earlier.Id : throw Duplicate(earlier.Id);
    }

    public async Task<GetOperationResponse> GetAsync(DiscoveryRequest r, CancellationToken ct)
    {
        var id = Required(r.OperationId, "OperationId", 255);
        Owner(r.OwnerAccount);
        var op = await store.GetAsync(Operations, id, ct) ?? throw OperationNotFound(id);
        return new GetOperationResponse(Shape(op.Value));
    }

    public async Task<ListOperationsResponse> ListAsync(DiscoveryRequest r, CancellationToken ct)
    {
        var limit = Limit(r.MaxResults, "MaxResults", 100, 100);
        var match = ListFilters.Operations(r.Filters,
            id => DiscoveryIds.IdOf(arns, id, "namespace") ?? id, id => DiscoveryIds.IdOf(arns, id, "service") ?? id);
        var listing = "operations|" + Fingerprint(r.Filters);
        var offset = Paging.Decode(r.NextToken, listing, "InvalidInput");
        var all = (await store.ListAsync(Operations, new StoreQuery(), ct)).Select(o => o.Value).Where(match)
            .OrderBy(o => o.CreateDate).ThenBy(o => o.Id, StringComparer.Ordinal).ToList();
        var page = all.Skip(offset).Take(limit).ToList();
        var next = offset + page.Count < all.Count ? Paging.Encode(offset + page.Count, page.Count, limit, listing) : null;
        return new ListOperationsResponse([.. page.Select(o => new OperationSummaryShape(o.Id, o.Status))], next);
    }

    OperationShape Shape(DiscoveryOperation o) => new()
    {
        Id = o.Id,
        OwnerAccount = arns.AccountId,
        Type = o.Type,
        Status = o.Status,
        CreateDate = o.CreateDate,
        UpdateDate = o.UpdateDate,
        Targets = o.Targets,
    };

    /// <summary>Only this account's resources are served: another account's id finds nothing.</summary>
    public void Owner(string? ownerAccount)
    {
        if (ownerAccount is null)
            return;
        if (ownerAccount.Length != 12 || !ownerAccount.All(char.IsAsciiDigit))
            throw Invalid($"OwnerAccount '{ownerAccount}' is not an AWS account id (12 digits).");
    }

    /// <summary>A next token belongs to the listing (its filters) that issued it.</summary>
    public static string Fingerprint(List<FilterInput>? filters) =>
        string.Join(";", (filters ?? []).Select(f => $"{f?.Name}:{f?.Condition}:{string.Join(",", f?.Values ?? [])}"));
}
