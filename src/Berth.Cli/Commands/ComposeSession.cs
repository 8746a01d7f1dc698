using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Berth.Compose;

namespace Berth.Cli.Commands;

/// <summary>
/// What every <c>berth compose</c> command starts from: the compose files, ecs-params.yml and project name found
/// as ecs-cli found them, translated (warnings printed), and a client for the cluster (created when missing).
/// </summary>
sealed partial class ComposeSession : IDisposable
{
    /// <summary>Tasks that <c>compose up/start/scale</c> run carry this startedBy, so ps/down/scale find them (and not a service's).</summary>
    public const string StartedBy = "berth-compose";

    static readonly string[] DefaultFiles = ["docker-compose.yml", "compose.yml", "docker-compose.yaml", "compose.yaml"];

    public static readonly Option<string[]> Files = new("--file", "-f")
    {
        Description = "Compose file(s); later files override earlier ones (default: docker-compose.yml, compose.yml, docker-compose.yaml or compose.yaml, plus docker-compose.override.yml)",
        AllowMultipleArgumentsPerToken = false,
        Recursive = true,
    };

    public static readonly Option<string?> EcsParamsFile = new("--ecs-params") { Description = "ECS parameters file (default: ecs-params.yml when present)", Recursive = true };

    public static readonly Option<string?> ProjectOption = new("--project-name", "-p") { Description = "Project name: the task definition family and service name (default: the current directory's name)", Recursive = true };

    public static readonly Option<string> ClusterOption = CreateClusterOption();

    public static readonly Option<bool> CreateLogGroups = new("--create-log-groups")
    {
        Description = "Create the awslogs log groups the compose file names (as ecs-cli's flag did)",
        Recursive = true,
    };

    static Option<string> CreateClusterOption()
    {
        var option = ServerCompletions.ClusterOption("Cluster name or ARN (created when missing)");
        option.Recursive = true;
        return option;
    }

    ComposeSession(BerthClient client, LogrusLog log, ComposeProject project, string cluster, bool createLogGroups)
    {
        _createLogGroups = createLogGroups;
        Client = client;
        Log = log;
        Project = project;
        Cluster = cluster;
    }

    readonly bool _createLogGroups;

    public BerthClient Client { get; }
    public LogrusLog Log { get; }
    public ComposeProject Project { get; }
    public string Cluster { get; }

    /// <summary>"family:revision" once registered.</summary>
    public string TaskDefinition { get; private set; } = "";

    /// <summary>Reads and translates the project, printing its warnings; nothing is sent to Berth yet.</summary>
    public static ComposeSession Open(ParseResult parse)
    {
        var log = new LogrusLog();
        var files = parse.GetValue(Files) is { Length: > 0 } given ? given.ToList() : FindDefaultFiles();
        var ecsParams = parse.GetValue(EcsParamsFile) ?? (File.Exists("ecs-params.yml") ? "ecs-params.yml" : null);
        var name = parse.GetValue(ProjectOption) ?? DefaultProjectName();
        ComposeProject project;
        try
        {
            project = ComposeTranslator.Load(new ComposeOptions(files, ecsParams, name, Environment.GetEnvironmentVariable) { CanBuild = true });
        }
        catch (ComposeException e)
        {
            throw new CliException(e.Message);
        }
        foreach (var w in project.Warnings)
            log.Warn(w.Message, w.Fields.Select(f => (f.Key, f.Value)).ToArray());
        return new ComposeSession(CliSettings.Client(), log, project, parse.GetValue(ClusterOption)!, parse.GetValue(CreateLogGroups));
    }

    static List<string> FindDefaultFiles()
    {
        var first = DefaultFiles.FirstOrDefault(File.Exists)
            ?? throw new CliException($"No compose file here ({Environment.CurrentDirectory}): write docker-compose.yml, or name one with --file.");
        return File.Exists("docker-compose.override.yml") ? [first, "docker-compose.override.yml"] : [first];
    }

    /// <summary>The current directory's name, as ecs-cli named projects, with characters ECS refuses in a family replaced.</summary>
    public static string DefaultProjectName()
    {
        var dir = Path.GetFileName(Environment.CurrentDirectory.TrimEnd('/'));
        var name = NotInName().Replace(dir, "-");
        return name.Length == 0 ? "default" : name[..Math.Min(name.Length, 255)];
    }

    public async Task EnsureClusterAsync(CancellationToken ct)
    {
        var resp = await Client.CallAsync("ecs", Listing.Ecs + "DescribeClusters", new JsonObject { ["clusters"] = Listing.Array([Cluster]) }.ToJsonString(), ct);
        if (resp.GetProperty("clusters").EnumerateArray().Any(c => Listing.Str(c, "status") == "ACTIVE"))
            return;
        await Client.CallAsync("ecs", Listing.Ecs + "CreateCluster", new JsonObject { ["clusterName"] = Cluster }.ToJsonString(), ct);
        Log.Info("Created cluster", ("cluster", Cluster));
    }

    /// <summary>
    /// Registers the project's task definition unless the latest revision came from the same files (a digest of the
    /// request, kept in a tag), as ecs-cli registered only when something changed.
    /// </summary>
    public async Task<string> RegisterAsync(CancellationToken ct)
    {
        await EnsureClusterAsync(ct);
        if (_createLogGroups)
            await CreateLogGroupsAsync(ct);
        await ComposeBuilds.BuildAsync(this, ct);
        await ComposeRoles.ApplyAsync(this, ct);
        var request = Project.TaskDefinition.ToJsonString();
        var digest = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(request))).ToLowerInvariant();
        var latest = await LatestAsync(ct);
        if (latest is { } l && l.Digest == digest)
        {
            TaskDefinition = l.Label;
        }
        else
        {
            var register = Project.TaskDefinition.DeepClone().AsObject();
            register["tags"] = new JsonArray(new JsonObject { ["key"] = DigestTag, ["value"] = digest });
            var resp = await Client.CallAsync("ecs", Listing.Ecs + "RegisterTaskDefinition", register.ToJsonString(), ct);
            TaskDefinition = Label(resp.GetProperty("taskDefinition"));
        }
        Log.Info("Using ECS task definition", ("TaskDefinition", TaskDefinition));
        return TaskDefinition;
    }

    async Task CreateLogGroupsAsync(CancellationToken ct)
    {
        var groups = Project.TaskDefinition["containerDefinitions"]!.AsArray()
            .Select(c => c!["logConfiguration"]?["options"]?["awslogs-group"]?.GetValue<string>()).OfType<string>().Distinct();
        foreach (var group in groups)
        {
            try
            {
                await Client.CallAsync("logs", "Logs_20140328.CreateLogGroup", new JsonObject { ["logGroupName"] = group }.ToJsonString(), ct);
                Log.Info("Created log group", ("logGroup", group));
            }
            catch (CliException e) when (e.Message.StartsWith("ResourceAlreadyExistsException", StringComparison.Ordinal))
            {
                // There already: nothing to do.
            }
        }
    }

    const string DigestTag = "berth-compose-digest";

    async Task<(string Label, string? Digest)?> LatestAsync(CancellationToken ct)
    {
        JsonElement resp;
        try
        {
            resp = await Client.CallAsync("ecs", Listing.Ecs + "DescribeTaskDefinition",
                new JsonObject { ["taskDefinition"] = Project.Name, ["include"] = Listing.Array(["TAGS"]) }.ToJsonString(), ct);
        }
        catch (CliException e) when (e.Message.StartsWith("ClientException", StringComparison.Ordinal) || e.Message.StartsWith("InvalidParameter", StringComparison.Ordinal))
        {
            return null; // No revision of this family yet.
        }
        var td = resp.GetProperty("taskDefinition");
        if (Listing.Str(td, "status") != "ACTIVE")
            return null;
        var digest = resp.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
            ? tags.EnumerateArray().Where(t => Listing.Str(t, "key") == DigestTag).Select(t => Listing.Str(t, "value")).FirstOrDefault()
            : null;
        return (Label(td), digest);
    }

    static string Label(JsonElement td) => $"{Listing.Str(td, "family")}:{Listing.Int(td, "revision")}";

    /// <summary>The project's tasks that compose started (not a service's), with the given desired status.</summary>
    public Task<List<string>> TasksAsync(string desiredStatus, CancellationToken ct) =>
        Listing.AllAsync(Client, "ListTasks", new JsonObject
        {
            ["cluster"] = Cluster,
            ["family"] = Project.Name,
            ["startedBy"] = StartedBy,
            ["desiredStatus"] = desiredStatus,
        }, "taskArns", ct);

    /// <summary>Every task of the project's family (compose's and the service's), with the given desired status.</summary>
    public Task<List<string>> FamilyTasksAsync(string desiredStatus, CancellationToken ct) =>
        Listing.AllAsync(Client, "ListTasks", new JsonObject { ["cluster"] = Cluster, ["family"] = Project.Name, ["desiredStatus"] = desiredStatus }, "taskArns", ct);

    public async Task<List<JsonElement>> DescribeTasksAsync(IReadOnlyList<string> arns, CancellationToken ct)
    {
        var tasks = new List<JsonElement>();
        foreach (var batch in arns.Chunk(100))
        {
            var resp = await Client.CallAsync("ecs", Listing.Ecs + "DescribeTasks",
                new JsonObject { ["cluster"] = Cluster, ["tasks"] = Listing.Array(batch) }.ToJsonString(), ct);
            tasks.AddRange(resp.GetProperty("tasks").EnumerateArray());
        }
        return tasks;
    }

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex NotInName();
}
