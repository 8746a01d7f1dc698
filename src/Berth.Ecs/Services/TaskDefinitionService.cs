using Berth.Ecs.Model;
using Berth.Ecs.Validation;
using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;

namespace Berth.Ecs.Services;

public sealed class TaskDefinitionService(IStateStore store, Arns arns, TagService tags, TimeProvider clock)
{
    static readonly string[] Statuses = ["ACTIVE", "INACTIVE", "DELETE_IN_PROGRESS"];

    public async Task<(TaskDefinition Definition, List<Tag> Tags)> RegisterAsync(TaskDefinition request, List<Tag>? tagList, CancellationToken ct)
    {
        var tagsToSet = TagService.Validate(tagList);
        var td = TaskDefinitionValidator.Normalize(request);
        td.Status = "ACTIVE";
        td.RegisteredAt = clock.GetUtcNow();
        td.RegisteredBy = $"arn:aws:iam::{arns.AccountId}:root";
        td.RequiresAttributes = RequiredAttributes(td);
        td.DeregisteredAt = null;
        td.DeleteRequestedAt = null;
        for (var attempt = 0; ; attempt++)
        {
            var latest = await store.ListAsync(EcsKinds.TaskDefinitions, new StoreQuery { Name = td.Family, Descending = true, Limit = 1 }, ct);
            td.Revision = (latest.FirstOrDefault()?.Value.Revision ?? 0) + 1;
            td.TaskDefinitionArn = arns.TaskDefinition(td.Family!, td.Revision);
            var writes = new List<StoreWrite> { StoreWrite.Insert(EcsKinds.TaskDefinitions, td) };
            if (TagService.Initial(td.TaskDefinitionArn, tagsToSet) is { } tagWrite)
                writes.Add(tagWrite);
            try
            {
                await store.CommitAsync(writes, ct);
                return (td, tagsToSet);
            }
            catch (ConcurrencyConflictException) when (attempt < 20)
            {
                // Another registration took this revision: take the next one.
            }
        }
    }

    static List<RequiresAttribute> RequiredAttributes(TaskDefinition td)
    {
        var names = new List<string> { "ecs.capability.task-eni", "com.amazonaws.ecs.capability.docker-remote-api.1.18" };
        var containers = td.ContainerDefinitions!;
        if (containers.Any(c => c.LogConfiguration?.LogDriver == "awslogs"))
            names.Add("com.amazonaws.ecs.capability.logging-driver.awslogs");
        if (containers.Any(c => c.HealthCheck is not null))
            names.Add("ecs.capability.container-health-check");
        if (containers.Any(c => c.DependsOn is { Count: > 0 }))
            names.Add("ecs.capability.container-ordering");
        return names.Select(n => new RequiresAttribute { Name = n }).ToList();
    }

    /// <summary>
    /// Resolves <c>family</c> (latest ACTIVE revision), <c>family:revision</c> or a task definition ARN.
    /// </summary>
    public async Task<Stored<TaskDefinition>> ResolveAsync(string? reference, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reference))
            throw AwsException.InvalidParameter("taskDefinition is required.");
        var (family, revision) = Parse(reference);
        Stored<TaskDefinition>? found;
        if (revision is null)
        {
            found = (await store.ListAsync(EcsKinds.TaskDefinitions, new StoreQuery { Name = family, Statuses = ["ACTIVE"], Descending = true, Limit = 1 }, ct)).FirstOrDefault();
        }
        else
        {
            found = await store.GetAsync(EcsKinds.TaskDefinitions, $"{family}:{revision}", ct);
        }
        return found ?? throw AwsException.Client($"Unable to describe task definition '{reference}': no such family or revision. Register it first (aws ecs register-task-definition).");
    }

    static (string Family, int? Revision) Parse(string reference)
    {
        var text = reference;
        if (Arns.Parse(reference) is { } arn)
        {
            if (arn.Service != "ecs" || !arn.Resource.StartsWith("task-definition/", StringComparison.Ordinal))
                throw AwsException.InvalidParameter($"Invalid task definition ARN: {reference}");
            text = arn.Resource["task-definition/".Length..];
        }
        var colon = text.LastIndexOf(':');
        if (colon < 0)
            return (text, null);
        if (!int.TryParse(text[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var rev) || rev < 1)
            throw AwsException.Client($"The specified task definition identifier '{reference}' is invalid: the revision must be a positive number, as in family:3.");
        return (text[..colon], rev);
    }

    public async Task<(List<string> Arns, string? NextToken)> ListAsync(string? family, string? status, string? sort, string? nextToken, int? maxResults, CancellationToken ct)
    {
        if (status is not null && !Statuses.Contains(status))
            throw AwsException.InvalidParameter($"Invalid status '{status}'. Valid values: ACTIVE, INACTIVE, DELETE_IN_PROGRESS.");
        if (sort is not (null or "ASC" or "DESC"))
            throw AwsException.InvalidParameter($"Invalid sort '{sort}'. Valid values: ASC, DESC.");
        var limit = Paging.Limit(maxResults, 100, 100);
        var listing = $"td|{family}|{status}|{sort}";
        var offset = Paging.Decode(nextToken, listing);
        var page = await store.ListAsync(EcsKinds.TaskDefinitions, new StoreQuery
        {
            Name = family,
            Statuses = [status ?? "ACTIVE"],
            Descending = sort == "DESC",
            Offset = offset,
            Limit = limit,
        }, ct);
        return (page.Select(t => t.Value.TaskDefinitionArn!).ToList(), Paging.Encode(offset + page.Count, page.Count, limit, listing));
    }

    public async Task<(List<string> Families, string? NextToken)> ListFamiliesAsync(string? prefix, string? status, string? nextToken, int? maxResults, CancellationToken ct)
    {
        if (status is not (null or "ACTIVE" or "INACTIVE" or "ALL"))
            throw AwsException.InvalidParameter($"Invalid status '{status}'. Valid values: ACTIVE, INACTIVE, ALL.");
        var limit = Paging.Limit(maxResults, 100, 100);
        var listing = $"families|{prefix}|{status}";
        var offset = Paging.Decode(nextToken, listing);
        var all = await store.ListAsync(EcsKinds.TaskDefinitions, new StoreQuery { NamePrefix = prefix }, ct);
        var families = all.GroupBy(t => t.Value.Family!, StringComparer.Ordinal)
            .Where(g => (status ?? "ACTIVE") switch
            {
                "ACTIVE" => g.Any(t => t.Value.Status == "ACTIVE"),
                "INACTIVE" => g.All(t => t.Value.Status != "ACTIVE"),
                _ => true,
            })
            .Select(g => g.Key).Order(StringComparer.Ordinal).Skip(offset).Take(limit).ToList();
        return (families, Paging.Encode(offset + families.Count, families.Count, limit, listing));
    }

    public async Task<TaskDefinition> DeregisterAsync(string? reference, CancellationToken ct)
    {
        if (reference is not null && Arns.Parse(reference) is null && !reference.Contains(':', StringComparison.Ordinal))
            throw AwsException.Client($"The specified task definition identifier '{reference}' is invalid: name a revision, as in {reference}:1.");
        var stored = await ResolveAsync(reference, ct);
        var td = stored.Value;
        if (td.Status != "ACTIVE")
            return td;
        td.Status = "INACTIVE";
        td.DeregisteredAt = clock.GetUtcNow();
        await CommitOrConflict(StoreWrite.Update(EcsKinds.TaskDefinitions, td, stored.Version), ct);
        return td;
    }

    public async Task<(List<TaskDefinition> Deleted, List<Failure> Failures)> DeleteAsync(IReadOnlyList<string>? references, CancellationToken ct)
    {
        if (references is not { Count: > 0 and <= 10 })
            throw AwsException.InvalidParameter("taskDefinitions must name between 1 and 10 task definition revisions.");
        var deleted = new List<TaskDefinition>();
        var failures = new List<Failure>();
        foreach (var r in references)
        {
            Stored<TaskDefinition> stored;
            try
            {
                if (Arns.Parse(r) is null && !r.Contains(':', StringComparison.Ordinal))
                    throw AwsException.Client("The specified task definition identifier is invalid. Specify a valid revision.");
                stored = await ResolveAsync(r, ct);
            }
            catch (AwsException e)
            {
                failures.Add(new Failure { Arn = r, Reason = "TASK_DEFINITION_NOT_FOUND", Detail = e.Message });
                continue;
            }
            var td = stored.Value;
            if (td.Status == "ACTIVE")
            {
                failures.Add(new Failure { Arn = td.TaskDefinitionArn, Reason = "The specified task definition is still in ACTIVE status. Please deregister the target and try again." });
                continue;
            }
            if (td.Status == "INACTIVE")
            {
                td.Status = "DELETE_IN_PROGRESS";
                td.DeleteRequestedAt = clock.GetUtcNow();
                await CommitOrConflict(StoreWrite.Update(EcsKinds.TaskDefinitions, td, stored.Version), ct);
            }
            deleted.Add(td);
        }
        return (deleted, failures);
    }

    async Task CommitOrConflict(StoreWrite write, CancellationToken ct)
    {
        try
        {
            await store.CommitAsync(write, ct);
        }
        catch (ConcurrencyConflictException)
        {
            throw new AwsException("UpdateInProgressException", "The task definition changed while this request ran; try again.");
        }
    }

    public Task<List<Tag>> TagsAsync(string arn, CancellationToken ct) => tags.GetAsync(arn, ct);
}
