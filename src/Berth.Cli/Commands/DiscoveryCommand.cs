using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth discovery</c>: Cloud Map namespaces; with a namespace, its services and every instance with its address,
/// port and health — what a task resolving <c>service.namespace</c> gets.
/// </summary>
static class DiscoveryCommand
{
    const string Target = "Route53AutoNaming_v20170314.";
    static readonly string[] NamespaceHeaders = ["NAMESPACE", "TYPE", "ID", "SERVICES"];
    static readonly string[] InstanceHeaders = ["SERVICE", "DNS", "INSTANCE", "ADDRESS", "PORT", "HEALTH", "ECS SERVICE"];

    public static Command Create()
    {
        var ns = new Argument<string?>("namespace") { Description = "A namespace name (e.g. internal.local) or id: list its services and instances", Arity = ArgumentArity.ZeroOrOne };
        var cmd = new Command("discovery", "List Cloud Map namespaces, or a namespace's services and their instances (address, port, health)") { ns };
        cmd.WithFormat().Examples("berth discovery", "berth discovery internal.local", "berth discovery internal.local -o json");
        cmd.SetAction(async (parse, ct) =>
        {
            using var client = CliSettings.Client();
            var namespaces = await AllAsync(client, "ListNamespaces", new JsonObject(), "Namespaces", ct);
            var wanted = parse.GetValue(ns);
            if (wanted is null)
            {
                Output.Table(NamespaceHeaders, namespaces.Select(n => new[] { Listing.Str(n, "Name"), Listing.Str(n, "Type"), Listing.Str(n, "Id"), Listing.Int(n, "ServiceCount") })
                    .OrderBy(r => r[0], StringComparer.Ordinal).ToList());
                return 0;
            }
            var found = namespaces.FirstOrDefault(n => Listing.Str(n, "Name") == wanted.TrimEnd('.') || Listing.Str(n, "Id") == wanted || Listing.Str(n, "Arn") == wanted);
            if (found.ValueKind != JsonValueKind.Object)
                throw new CliException($"No Cloud Map namespace '{wanted}'. `berth discovery` lists them.");
            var name = Listing.Str(found, "Name");
            var filter = new JsonObject { ["Filters"] = new JsonArray(new JsonObject { ["Name"] = "NAMESPACE_ID", ["Values"] = Listing.Array([Listing.Str(found, "Id")]), ["Condition"] = "EQ" }) };
            var rows = new List<string[]>();
            foreach (var service in await AllAsync(client, "ListServices", filter, "Services", ct))
            {
                var serviceName = Listing.Str(service, "Name");
                var dns = Records(service);
                var discover = new JsonObject { ["NamespaceName"] = name, ["ServiceName"] = serviceName, ["HealthStatus"] = "ALL", ["MaxResults"] = 1000 };
                var instances = (await client.CallAsync("servicediscovery", Target + "DiscoverInstances", discover.ToJsonString(), ct)).GetProperty("Instances").EnumerateArray().ToList();
                if (instances.Count == 0)
                    rows.Add([serviceName, dns, "-", "", "", "", ""]);
                foreach (var i in instances)
                {
                    var a = i.TryGetProperty("Attributes", out var attrs) ? attrs : default;
                    rows.Add([serviceName, dns, Listing.Str(i, "InstanceId"), Attr(a, "AWS_INSTANCE_IPV4"), Attr(a, "AWS_INSTANCE_PORT"), Listing.Str(i, "HealthStatus"), Attr(a, "ECS_SERVICE_NAME")]);
                }
            }
            Output.Table(InstanceHeaders, rows.OrderBy(r => r[0], StringComparer.Ordinal).ThenBy(r => r[2], StringComparer.Ordinal).ToList());
            return 0;
        });
        return cmd;
    }

    /// <summary>"A,SRV ttl 10" from a service's DnsConfig; "-" for an HTTP-only service.</summary>
    static string Records(JsonElement service)
    {
        if (!service.TryGetProperty("DnsConfig", out var dns) || !dns.TryGetProperty("DnsRecords", out var records))
            return "-";
        var list = records.EnumerateArray().ToList();
        return list.Count == 0 ? "-" : $"{string.Join(",", list.Select(r => Listing.Str(r, "Type")))} ttl {Listing.Int(list[0], "TTL")}";
    }

    static string Attr(JsonElement attributes, string name) =>
        attributes.ValueKind == JsonValueKind.Object && attributes.TryGetProperty(name, out var v) ? v.GetString() ?? "" : "";

    /// <summary>Every item of a Cloud Map List* operation, following NextToken.</summary>
    static async Task<List<JsonElement>> AllAsync(BerthClient client, string operation, JsonObject request, string arrayName, CancellationToken ct)
    {
        var items = new List<JsonElement>();
        string? next = null;
        do
        {
            request["NextToken"] = next;
            var resp = await client.CallAsync("servicediscovery", Target + operation, request.ToJsonString(), ct);
            items.AddRange(resp.GetProperty(arrayName).EnumerateArray());
            next = resp.TryGetProperty("NextToken", out var n) ? n.GetString() : null;
        }
        while (next is not null);
        return items;
    }
}
