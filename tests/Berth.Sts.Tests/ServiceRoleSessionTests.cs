using Berth.Kernel.Auth;
using static Berth.Sts.Tests.StsHarness;

namespace Berth.Sts.Tests;

/// <summary>IRoleSessions: how ECS opens a session of a task's role.</summary>
public sealed class ServiceRoleSessionTests : IDisposable
{
    const string EcsTasks = "ecs-tasks.amazonaws.com";
    static readonly string TaskTrust = Trust($$"""{"Service":"{{EcsTasks}}"}""");

    readonly StsHarness _h = new();

    public void Dispose() => _h.Dispose();

    Task<Credential> Open(string roleArn, TimeSpan duration, string session = "0123456789abcdef0123456789abcdef") =>
        _h.Sts.AssumeForServiceAsync(new ServiceRoleSession(roleArn, EcsTasks, session, duration), Ct);

    [Fact]
    public async Task AssumeForService_TrustAllowsEcsTasks_AssumedRoleSession()
    {
        var role = await _h.RoleAsync("app", TaskTrust, path: "/tasks/");

        var c = await Open(role.Arn, TimeSpan.FromHours(1), "task-1");

        Assert.Equal($"arn:aws:sts::{Account}:assumed-role/app/task-1", c.Principal.Arn);
        Assert.Equal(role.Arn, c.Principal.RoleArn);
        Assert.Equal($"{role.RoleId}:task-1", c.Principal.UserId);
        Assert.Equal(PrincipalKind.AssumedRole, c.Principal.Kind);
        Assert.Equal(_h.Clock.GetUtcNow().AddHours(1), c.Expiration);
        Assert.NotNull(c.SessionToken);
        Assert.Equal(c, _h.Sessions.Find(c.AccessKeyId));
        Assert.Equal(EcsTasks, (await _h.Store.GetAsync(StsKinds.Sessions, c.AccessKeyId, Ct))!.Value.IssuedTo);
    }

    [Fact]
    public async Task AssumeForService_DurationBoundedByRoleAndFifteenMinutes()
    {
        var role = await _h.RoleAsync("app", TaskTrust);

        Assert.Equal(_h.Clock.GetUtcNow().AddHours(1), (await Open(role.Arn, TimeSpan.FromHours(6))).Expiration);
        Assert.Equal(_h.Clock.GetUtcNow().AddMinutes(15), (await Open(role.Arn, TimeSpan.FromMinutes(1))).Expiration);
    }

    [Fact]
    public async Task AssumeForService_TrustForAnotherService_AccessDenied()
    {
        var role = await _h.RoleAsync("lambda", Trust("""{"Service":"lambda.amazonaws.com"}"""));

        var e = await Refused(() => Open(role.Arn, TimeSpan.FromHours(1)), "AccessDenied", 403);

        Assert.Equal($"User: {EcsTasks} is not authorized to perform: sts:AssumeRole on resource: {role.Arn}", e.Message);
        Assert.Equal(0, await _h.SessionCountAsync());
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:role/missing")]
    [InlineData("not an arn")]
    public async Task AssumeForService_NoSuchRole_AccessDenied(string arn)
    {
        await Refused(() => Open(arn, TimeSpan.FromHours(1)), "AccessDenied", 403);
    }

    [Fact]
    public async Task AssumeForService_TrustNamingUsersOnly_AccessDenied()
    {
        var alice = await _h.UserAsync();
        var role = await _h.RoleAsync("app", TrustUser(alice.Arn));

        await Refused(() => Open(role.Arn, TimeSpan.FromHours(1)), "AccessDenied", 403);
    }
}
