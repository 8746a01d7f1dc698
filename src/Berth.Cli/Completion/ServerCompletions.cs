using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Cli;

/// <summary>
/// Tab completion of names that live on the server (clusters, services). A completion must never hang or fail the
/// shell: a short timeout, and nothing offered when Berth is not answering.
/// </summary>
static class ServerCompletions
{
    static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    /// <summary>The <c>--cluster/-c</c> option, completing the server's cluster names.</summary>
    public static Option<string> ClusterOption(string description = "Cluster name or ARN", string? defaultValue = "default")
    {
        var option = new Option<string>("--cluster", "-c") { Description = description };
        if (defaultValue is not null)
            option.DefaultValueFactory = _ => defaultValue;
        option.CompletionSources.Add(context => Names("AmazonEC2ContainerServiceV20141113.ListClusters", "{}", "clusterArns", context.WordToComplete));
        return option;
    }

    /// <summary>Completes service names of the cluster named by <paramref name="cluster"/> on the same command line.</summary>
    public static void CompleteServices(Argument<string> argument, Option<string> cluster) =>
        argument.CompletionSources.Add(context =>
        {
            var name = context.ParseResult.GetValue(cluster) ?? "default";
            return Names("AmazonEC2ContainerServiceV20141113.ListServices", new JsonObject { ["cluster"] = name }.ToJsonString(), "serviceArns", context.WordToComplete);
        });

    static IEnumerable<string> Names(string target, string body, string arrayName, string prefix)
    {
        try
        {
            using var client = CliSettings.Client();
            using var cts = new CancellationTokenSource(Budget);
            var resp = client.CallAsync("ecs", target, body, cts.Token).GetAwaiter().GetResult();
            return resp.GetProperty(arrayName).EnumerateArray().Select(a => a.GetString()!.Split('/')[^1])
                .Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is CliException or OperationCanceledException or HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return [];
        }
    }
}
