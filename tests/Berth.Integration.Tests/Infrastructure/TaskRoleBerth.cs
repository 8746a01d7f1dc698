using Berth.Runtime.Docker.Engine;
using Berth.TestSupport;

namespace Berth.Integration.Tests.Infrastructure;

/// <summary>
/// A berthd whose API tasks can reach — on the task bridge's gateway, as a berthd listening on all addresses is
/// reached by default — so an SDK inside a task can call it; and the AWS SDK test image. IAM roles are made with the
/// AWS CLI. The suite's shared berthd (loopback only) made the task network; it is made here too when missing.
/// </summary>
public sealed class TaskRoleBerth : IAsyncLifetime
{
    // A task range of its own (not the suite's berthd's 10.89.0.0/16), named as berthd names it.
    public const string Gateway = "10.88.0.1";
    const string NetworkName = "berth-10-88-0-0-16";
    const string Subnet = "10.88.0.0/16";

    string? _dataDirectory;

    public bool Available { get; private set; }

    public string SkipReason { get; private set; } = "";

    public BerthProcess Berth { get; private set; } = null!;

    public EcsClient Ecs { get; private set; } = null!;

    public AwsCli Aws { get; private set; } = null!;

    public string SdkImage { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (!DockerEngine.SocketExists(BerthFixture.SocketPath) || !File.Exists(AwsCli.Binary))
        {
            SkipReason = $"Skipped: needs the Docker engine socket at {BerthFixture.SocketPath} and the AWS CLI v2 at {AwsCli.Binary}.";
            if (BerthFixture.InCi)
                throw new InvalidOperationException("CI=true but " + SkipReason);
            return;
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        SdkImage = await SdkTestImage.BuildAsync(timeout.Token);
        using (var engine = new DockerEngine(BerthFixture.SocketPath))
        {
            if (await engine.Networks.InspectAsync(NetworkName, timeout.Token) is null)
            {
                try
                {
                    await engine.Networks.CreateAsync(NetworkName, Subnet, null, new Dictionary<string, string> { ["io.berth.managed"] = "true" }, timeout.Token);
                }
                catch (DockerEngineException e) when (e.StatusCode == 409)
                {
                    // Made meanwhile by a berthd.
                }
            }
        }
        _dataDirectory = Directory.CreateTempSubdirectory("berth-it-role-").FullName;
        Berth = new BerthProcess(_dataDirectory, BerthProcess.FreePort(), BerthFixture.AccessKeyId, BerthFixture.SecretAccessKey) { ListenAddress = Gateway };
        Berth.Settings["BERTH_SUBNET"] = Subnet;
        await Berth.StartAsync(timeout.Token);
        await HostAccess.OpenAsync(Berth, Gateway, timeout.Token);
        Ecs = new EcsClient(Berth.Endpoint, BerthFixture.AccessKeyId, BerthFixture.SecretAccessKey);
        Aws = new AwsCli(Berth.Endpoint, BerthFixture.AccessKeyId, BerthFixture.SecretAccessKey);
        Available = true;
    }

    public async Task DisposeAsync()
    {
        if (Berth is not null)
            await Berth.DisposeAsync();
        Ecs?.Dispose();
        if (_dataDirectory is not null)
        {
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort.
            }
        }
    }
}
