using System.Globalization;
using Berth.ServiceDiscovery.Api;
using static Berth.ServiceDiscovery.DiscoveryErrors;

namespace Berth.ServiceDiscovery;

/// <summary>
/// The filters of ListNamespaces, ListServices and ListOperations, checked as Cloud Map documents them: each name has the
/// conditions it allows (EQ by default) and the number of values they take. A filter is a predicate over the listed items.
/// </summary>
static class ListFilters
{
    public const string Eq = "EQ";
    public const string In = "IN";
    public const string Between = "BETWEEN";
    public const string BeginsWith = "BEGINS_WITH";

    public static Func<Namespace, bool> Namespaces(List<FilterInput>? filters) =>
        All<Namespace>(filters, "TYPE, NAME, HTTP_NAME, RESOURCE_OWNER", f =>
        {
            switch (f.Name)
            {
                case "TYPE":
                    var types = Values(f, [Eq, In], 10, v => OneOf(v, "TYPE filter value", "HTTP", "DNS_PRIVATE", "DNS_PUBLIC")).Values;
                    return n => types.Contains(n.Type);
                case "NAME" or "HTTP_NAME":
                    var (names, condition) = Values(f, [Eq, BeginsWith], 1, v => v);
                    return condition == BeginsWith
                        ? n => n.Name.StartsWith(names[0], StringComparison.OrdinalIgnoreCase)
                        : n => string.Equals(n.Name, names[0].TrimEnd('.'), StringComparison.OrdinalIgnoreCase);
                case "RESOURCE_OWNER":
                    var self = Owner(f);
                    return _ => self;
                default:
                    return null;
            }
        });

    public static Func<DiscoveryService, bool> Services(List<FilterInput>? filters, Func<string, string> namespaceId) =>
        All<DiscoveryService>(filters, "NAMESPACE_ID, RESOURCE_OWNER", f =>
        {
            switch (f.Name)
            {
                case "NAMESPACE_ID":
                    var ids = Values(f, [Eq, In], 10, namespaceId).Values;
                    return s => ids.Contains(s.NamespaceId);
                case "RESOURCE_OWNER":
                    var self = Owner(f);
                    return _ => self;
                default:
                    return null;
            }
        });

    public static Func<DiscoveryOperation, bool> Operations(List<FilterInput>? filters, Func<string, string> namespaceId, Func<string, string> serviceId) =>
        All<DiscoveryOperation>(filters, "NAMESPACE_ID, SERVICE_ID, STATUS, TYPE, UPDATE_DATE", f =>
        {
            switch (f.Name)
            {
                case "NAMESPACE_ID":
                    var ns = Values(f, [Eq], 1, namespaceId).Values[0];
                    return o => o.Targets.GetValueOrDefault("NAMESPACE") == ns;
                case "SERVICE_ID":
                    var srv = Values(f, [Eq], 1, serviceId).Values[0];
                    return o => o.Targets.GetValueOrDefault("SERVICE") == srv;
                case "STATUS":
                    // The API reference spells the status SUCCEED in this filter; the operation reports SUCCESS.
                    var statuses = Values(f, [Eq, In], 4, v => OneOf(v == "SUCCEED" ? DiscoveryOperation.Success : v, "STATUS filter value", "SUBMITTED", "PENDING", "SUCCESS", "FAIL")).Values;
                    return o => statuses.Contains(o.Status);
                case "TYPE":
                    var types = Values(f, [Eq, In], 6, v => OneOf(v, "TYPE filter value", OperationLog.Types)).Values;
                    return o => types.Contains(o.Type);
                case "UPDATE_DATE":
                    var (from, to) = Dates(f);
                    return o => o.UpdateDate >= from && o.UpdateDate <= to;
                default:
                    return null;
            }
        });

    static Func<T, bool> All<T>(List<FilterInput>? filters, string names, Func<FilterInput, Func<T, bool>?> parse)
    {
        var predicates = new List<Func<T, bool>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in filters ?? [])
        {
            if (f?.Name is null)
                throw Invalid("Each filter needs a Name.");
            if (!seen.Add(f.Name))
                throw Invalid($"Filter {f.Name} is given more than once.");
            predicates.Add(parse(f) ?? throw Invalid($"Filter name {f.Name} is not valid: use one of {names}."));
        }
        return item => predicates.All(p => p(item));
    }

    static (List<string> Values, string Condition) Values(FilterInput f, string[] conditions, int max, Func<string, string?> check)
    {
        var condition = f.Condition ?? Eq;
        OneOf(condition, "Condition", Eq, In, Between, BeginsWith);
        if (!conditions.Contains(condition))
            throw Invalid($"Filter {f.Name} takes the condition {string.Join(" or ", conditions)}, not {condition}.");
        var values = f.Values ?? throw Invalid($"Filter {f.Name} needs Values.");
        var count = condition == Eq || condition == BeginsWith ? 1 : max;
        if (values.Count < 1 || values.Count > count)
            throw Invalid($"Filter {f.Name} with condition {condition} takes {(count == 1 ? "one value" : $"1 to {count} values")}; {values.Count} given.");
        foreach (var v in values)
            Length(v ?? throw Invalid($"Filter {f.Name} has a null value."), $"{f.Name} filter value", 255, 1);
        return (values.Select(v => check(v) ?? v).ToList(), condition);
    }

    /// <summary>RESOURCE_OWNER: SELF matches everything here (no namespaces are shared with this account), OTHER_ACCOUNTS nothing.</summary>
    static bool Owner(FilterInput f) =>
        Values(f, [Eq], 1, v => OneOf(v, "RESOURCE_OWNER filter value", "SELF", "OTHER_ACCOUNTS")).Values[0] == "SELF";

    static (DateTimeOffset From, DateTimeOffset To) Dates(FilterInput f)
    {
        if ((f.Condition ?? Eq) != Between)
            throw Invalid("Filter UPDATE_DATE takes the condition BETWEEN, with a start and an end date in seconds since the epoch.");
        var values = f.Values ?? throw Invalid("Filter UPDATE_DATE needs Values.");
        if (values.Count != 2)
            throw Invalid($"Filter UPDATE_DATE with condition BETWEEN takes two values (start and end); {values.Count} given.");
        var dates = values.Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0 && s < 253402300800
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(s * 1000))
            : throw Invalid($"UPDATE_DATE value '{v}' is not a date in seconds since the epoch.")).ToList();
        return (dates[0], dates[1]);
    }
}
