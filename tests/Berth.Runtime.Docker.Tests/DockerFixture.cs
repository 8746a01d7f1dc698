using Berth.Runtime.Docker.Engine;

namespace Berth.Runtime.Docker.Tests;

/// <summary>
/// One engine connection and one busybox test image (built from local files via /build) shared by
/// every engine test. Without a Docker socket the tests are skipped, except in CI where that fails.
/// </summary>
public sealed class DockerFixture : IAsyncLifetime
{
    public const string TestLabel = "berth.test";

    private static readonly string[] Applets =
    [
        "sh", "sleep", "echo", "httpd", "wget", "cat", "env", "pwd", "id", "ip", "seq", "printf",
        "dd", "tr", "head", "touch", "kill", "true", "false", "ls", "mkdir", "grep",
    ];

    public DockerEngine? Engine { get; private set; }

    public bool Available { get; private set; }

    public string SkipReason { get; private set; } = "";

    /// <summary>The test image, <c>berth-test-busybox:&lt;random&gt;</c>.</summary>
    public string Image { get; } = $"berth-test-busybox:{Guid.NewGuid():N}"[..31];

    public string? ImageId { get; private set; }

    public static bool InCi => Environment.GetEnvironmentVariable("CI") == "true";

    public async Task InitializeAsync()
    {
        if (!DockerEngine.SocketExists(DockerEngine.DefaultSocketPath))
        {
            if (InCi)
            {
                throw new InvalidOperationException($"CI=true but there is no Docker engine socket at {DockerEngine.DefaultSocketPath}.");
            }

            SkipReason = $"Skipped: no Docker engine socket at {DockerEngine.DefaultSocketPath} (set CI=true to make this a failure).";
            return;
        }

        Engine = new DockerEngine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var context = BusyboxContext("FROM scratch\nENV PATH=/bin\nCOPY rootfs/ /\n", rootfsPrefix: "rootfs/").ToStream();
        ImageId = await Engine.Images.BuildAsync(context, Image, timeout.Token);
        Available = true;
    }

    public async Task DisposeAsync()
    {
        if (Engine is null)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await Engine.Images.RemoveAsync(Image, force: true, timeout.Token);
        Engine.Dispose();
    }

    public static string BusyboxPath() =>
        new[] { "/bin/busybox", "/usr/bin/busybox", "/usr/local/bin/busybox" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("No static busybox binary on this machine (apt-get install busybox-static).");

    /// <summary>
    /// A tar with a busybox root filesystem under <paramref name="rootfsPrefix"/> (bin/busybox, applet
    /// symlinks, /tmp) and, when <paramref name="dockerfile"/> is given, a Dockerfile at the root.
    /// </summary>
    public static ImageContext BusyboxContext(string? dockerfile, string rootfsPrefix = "")
    {
        var context = new ImageContext();
        if (dockerfile is not null)
        {
            context.AddFile("Dockerfile", dockerfile);
        }

        context.AddDirectory($"{rootfsPrefix}bin")
            .AddFile($"{rootfsPrefix}bin/busybox", File.ReadAllBytes(BusyboxPath()), (UnixFileMode)0b111_101_101)
            .AddDirectory($"{rootfsPrefix}tmp", (UnixFileMode)0b1_111_111_111)
            .AddDirectory($"{rootfsPrefix}etc")
            .AddFile($"{rootfsPrefix}etc/passwd", "root:x:0:0:root:/root:/bin/sh\n")
            .AddFile($"{rootfsPrefix}etc/group", "root:x:0:\n");
        foreach (var applet in Applets)
        {
            context.AddSymlink($"{rootfsPrefix}bin/{applet}", "busybox");
        }

        return context;
    }
}

[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<DockerFixture>
{
    public const string Name = "Docker engine";
}
