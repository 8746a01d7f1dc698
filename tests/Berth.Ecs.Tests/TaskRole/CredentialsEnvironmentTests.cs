using Berth.Ecs.TaskMetadata;
using Berth.Ecs.TaskRole;
using static Berth.Ecs.Tests.Controllers.Tasks;

namespace Berth.Ecs.Tests.TaskRole;

/// <summary>AWS_CONTAINER_CREDENTIALS_RELATIVE_URI in every container of a task with a role, and in none without.</summary>
public sealed class CredentialsEnvironmentTests
{
    static readonly CancellationToken Ct = CancellationToken.None;

    static TaskMetadataEnvironment Listening(Uri? at)
    {
        var env = new TaskMetadataEnvironment(new MetadataTokens(new byte[32]), "us-east-1");
        env.SetListening(at);
        return env;
    }

    [Fact]
    public async Task ForContainerAsync_TaskWithARole_RelativeUriOfItsId()
    {
        var r = New();
        r.CredentialsId = CredentialsId.New();

        var vars = await Listening(new Uri("http://169.254.170.2:51679")).ForContainerAsync(r, "app", Ct);

        Assert.Equal("/v2/credentials/" + r.CredentialsId, Assert.Single(vars, v => v.Key == "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").Value);
        Assert.DoesNotContain(vars, v => v.Key == "AWS_CONTAINER_CREDENTIALS_FULL_URI");
    }

    [Fact]
    public async Task ForContainerAsync_TaskWithoutARole_NoCredentialsVariable()
    {
        var vars = await Listening(new Uri("http://169.254.170.2:51679")).ForContainerAsync(New(), "app", Ct);

        Assert.DoesNotContain(vars, v => v.Key.StartsWith("AWS_CONTAINER_CREDENTIALS", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ForContainerAsync_RoleButEndpointTurnedOff_SaysWhy()
    {
        var r = New();
        r.CredentialsId = CredentialsId.New();

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Listening(null).ForContainerAsync(r, "app", Ct).AsTask());

        Assert.Contains("BERTH_METADATA_LISTEN=off", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndpointAsync_IsWhereTheListenerBound() =>
        Assert.Equal(new Uri("http://10.89.0.1:40000"), await Listening(new Uri("http://10.89.0.1:40000")).EndpointAsync(Ct));
}
