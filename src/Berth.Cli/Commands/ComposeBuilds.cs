using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Berth.Cli.Images;

namespace Berth.Cli.Commands;

/// <summary>
/// Compose's <c>build:</c>: each such service's image built through the Docker Engine API, pushed to Berth's registry,
/// and named by its URI in the task definition. Without a tag in <c>image:</c>, the tag is a digest of the context's
/// files, so changed sources make a new task definition revision (and unchanged ones reuse the last).
/// </summary>
static class ComposeBuilds
{
    public static async Task BuildAsync(ComposeSession s, CancellationToken ct)
    {
        if (s.Project.Builds.Count == 0)
            return;
        using var engine = ImagePublisher.OpenEngine();
        var publisher = new ImagePublisher(s.Client, engine);
        foreach (var b in s.Project.Builds)
        {
            var tag = b.Tag ?? "src-" + ContextDigest(b.Context)[..12];
            s.Log.Info("Building image...", ("service", b.Service), ("context", b.Context), ("image", $"{b.Repository}:{tag}"));
            var progress = new Progress<string>(line =>
            {
                if (line.Trim().Length > 0)
                    Console.Error.WriteLine("  " + line.TrimEnd());
            });
            var uri = await publisher.BuildAndPushAsync(b.Context, b.Dockerfile, b.Repository, tag, b.Args.Count == 0 ? null : new Dictionary<string, string>(b.Args), progress, ct);
            s.Log.Info("Pushed image", ("service", b.Service), ("image", uri));
            foreach (var c in s.Project.TaskDefinition["containerDefinitions"]!.AsArray().OfType<JsonObject>().Where(c => c["name"]!.GetValue<string>() == b.Service))
                c["image"] = uri;
        }
    }

    /// <summary>SHA-256 over the context's files (relative path and content, .git left out), in a stable order.</summary>
    static string ContextDigest(string dir)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith(".git/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file + "\0"));
            hash.AppendData(File.ReadAllBytes(Path.Combine(dir, file)));
        }
        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }
}
