using Berth.Ecs.Model;
using Berth.Ecs.Secrets;
using Berth.Ecs.Tests.Controllers;
using Berth.Ecs.Tests.Support;
using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Secrets;

namespace Berth.Ecs.Tests.Secrets;

/// <summary>
/// Reads under the execution role: each is put to the authorizer for a session of the role, and what is refused or
/// missing stops the task with Fargate's reason. The sources and authorizer here are the kernel ports' smallest
/// implementations (the real ones are Secrets Manager, SSM and IAM, tested end to end in the integration suite).
/// </summary>
public sealed class ExecutionResourcesTests
{
    const string Role = "arn:aws:iam::123456789012:role/path/exec";
    const string SecretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf";
    const string Prefix = "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ";
    static readonly Arns Arns = new("123456789012", "us-east-1");

    /// <summary>Holds values by id; names the resource as Secrets Manager or SSM would.</summary>
    sealed class Source(string service, Dictionary<string, string> values) : ISecretSource
    {
        public string Service => service;

        public Task<AccessRequest> AccessAsync(string id, CancellationToken ct) => Task.FromResult(service == "ssm"
            ? new AccessRequest("ssm:GetParameters", [id.StartsWith("arn:", StringComparison.Ordinal) ? id : $"arn:aws:ssm:us-east-1:123456789012:parameter/{id.TrimStart('/')}"])
            : new AccessRequest("secretsmanager:GetSecretValue", [id]));

        public Task<string> ReadAsync(SecretRequest request, CancellationToken ct) =>
            values.TryGetValue(request.Id + (request.JsonKey is { } k ? "#" + k : ""), out var v) ? Task.FromResult(v)
            : throw (service == "ssm" ? new AwsException("ParameterNotFound", "") : new AwsException("ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
    }

    /// <summary>Refuses the listed actions, as IAM words it, and remembers who asked for what.</summary>
    sealed class Refusing(params string[] refused) : IAuthorizer
    {
        public List<(string Principal, string Action, string Resource)> Asked { get; } = [];

        public ValueTask<AccessDecision> AuthorizeAsync(Principal principal, AccessRequest request, CancellationToken ct)
        {
            lock (Asked)
                Asked.Add((principal.Arn, request.Action, request.Resources[0]));
            return ValueTask.FromResult(refused.Contains(request.Action)
                ? new AccessDecision(false, $"User: {principal.Arn} is not authorized to perform: {request.Action} on resource: {request.Resources[0]} because no identity-based policy allows the {request.Action} action")
                : AccessDecision.Allow);
        }
    }

    sealed class NoSuchRole : IRoleSessions
    {
        public Task<Credential> AssumeForServiceAsync(ServiceRoleSession session, CancellationToken ct) =>
            throw new AwsException("AccessDenied", $"Role {session.RoleArn} cannot be assumed by {session.ServicePrincipal}.");
    }

    static ExecutionResources Resources(IAuthorizer authorizer, IRoleSessions? sessions = null) => new(Arns,
    [
        new Source("secretsmanager", new() { [SecretArn + "#password"] = "pw-1", [SecretArn] = """{"password":"pw-1"}""" }),
        new Source("ssm", new() { ["/app/token"] = "tok-1" }),
    ], authorizer, sessions: sessions);

    static TaskRecord Rec(params Secret[] secrets)
    {
        var c = Defs.Container();
        c.Secrets = [.. secrets];
        var td = Defs.Task(c);
        td.ExecutionRoleArn = Role;
        return new TaskRecord { Definition = td, Task = new EcsTask { TaskArn = "arn:aws:ecs:us-east-1:123456789012:task/c/0123456789abcdef0123456789abcdef" } };
    }

    static Secret S(string name, string valueFrom) => new() { Name = name, ValueFrom = valueFrom };

    [Fact]
    public async Task EnvironmentAsync_Allowed_ValuesForTheContainerAsTheRolesSession()
    {
        var authorizer = new Refusing();
        var r = Rec(S("DB_PASSWORD", SecretArn + ":password::"), S("TOKEN", "/app/token"));

        var env = await Resources(authorizer).EnvironmentAsync(r, r.Definition.ContainerDefinitions![0], CancellationToken.None);

        Assert.Equal([new("DB_PASSWORD", "pw-1"), new("TOKEN", "tok-1")], env);
        Assert.Equal(
            [
                ("arn:aws:sts::123456789012:assumed-role/exec/0123456789abcdef0123456789abcdef", "secretsmanager:GetSecretValue", SecretArn),
                ("arn:aws:sts::123456789012:assumed-role/exec/0123456789abcdef0123456789abcdef", "ssm:GetParameters", "arn:aws:ssm:us-east-1:123456789012:parameter/app/token"),
            ], authorizer.Asked);
    }

    [Fact]
    public async Task CheckAsync_SecretReadDenied_StopsWithAsmAccessDenied()
    {
        var r = Rec(S("DB_PASSWORD", SecretArn + ":password::"));
        var e = await Assert.ThrowsAsync<TaskStartException>(() => Resources(new Refusing("secretsmanager:GetSecretValue")).CheckAsync(r, CancellationToken.None));
        Assert.Equal($"{Prefix}unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret {SecretArn} from secrets manager: "
            + "AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/exec/0123456789abcdef0123456789abcdef is not authorized to perform: "
            + $"secretsmanager:GetSecretValue on resource: {SecretArn} because no identity-based policy allows the secretsmanager:GetSecretValue action status code: 400", e.Message);
        Assert.Null(e.Image);
    }

    [Fact]
    public async Task CheckAsync_ParameterReadDenied_StopsWithSsmAccessDenied()
    {
        var r = Rec(S("TOKEN", "/app/token"));
        var e = await Assert.ThrowsAsync<TaskStartException>(() => Resources(new Refusing("ssm:GetParameters")).CheckAsync(r, CancellationToken.None));
        Assert.StartsWith($"{Prefix}unable to retrieve secrets from ssm: service call has been retried 1 time(s): AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/exec/", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_LogStreamDenied_StopsWithFailedToValidateLoggerArgs()
    {
        var r = Rec();
        r.Definition.ContainerDefinitions![0].LogConfiguration = new LogConfiguration
        {
            LogDriver = "awslogs",
            Options = new() { ["awslogs-group"] = "/ecs/app", ["awslogs-stream-prefix"] = "ecs" },
        };
        var e = await Assert.ThrowsAsync<TaskStartException>(() => Resources(new Refusing("logs:CreateLogStream")).CheckAsync(r, CancellationToken.None));
        Assert.StartsWith("ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: AccessDeniedException: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("on resource: arn:aws:logs:us-east-1:123456789012:log-group:/ecs/app:log-stream:ecs/app/0123456789abcdef0123456789abcdef", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_RoleCannotBeAssumed_StopsNamingTheRole()
    {
        var r = Rec(S("TOKEN", "/app/token"));
        var e = await Assert.ThrowsAsync<TaskStartException>(() => Resources(new Refusing(), new NoSuchRole()).CheckAsync(r, CancellationToken.None));
        Assert.StartsWith($"{Prefix}ECS was unable to assume the role '{Role}' that was provided for this task.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_NoRole_NothingIsAuthorized()
    {
        var authorizer = new Refusing("logs:CreateLogStream", "logs:PutLogEvents");
        var r = Rec();
        r.Definition.ExecutionRoleArn = null;
        await Resources(authorizer).CheckAsync(r, CancellationToken.None);
        Assert.Empty(authorizer.Asked);
    }

    [Fact]
    public void Session_RoleWithPath_AssumedRoleArnUsesTheName()
    {
        var p = ExecutionResources.Session(Role, "task1");
        Assert.Equal("arn:aws:sts::123456789012:assumed-role/exec/task1", p.Arn);
        Assert.Equal(PrincipalKind.AssumedRole, p.Kind);
        Assert.Equal(Role, p.RoleArn);
        Assert.Equal("123456789012", p.AccountId);
    }

    [Theory]
    [InlineData("""{"username":"u","password":"p"}""", true)]
    [InlineData("""{"username":"u"}""", false)]
    [InlineData("""{"username":"","password":"p"}""", false)]
    [InlineData("""{"username":1,"password":"p"}""", false)]
    [InlineData("u:p", false)]
    public void RegistryLogin_UsernameAndPasswordStrings(string json, bool valid) =>
        Assert.Equal(valid, ExecutionResources.RegistryLogin(json) is not null);

    [Theory]
    [InlineData("nginx:latest", "docker.io")]
    [InlineData("team/app:1", "docker.io")]
    [InlineData("registry.example.com/team/app:1", "registry.example.com")]
    [InlineData("127.0.0.1:5000/app", "127.0.0.1:5000")]
    [InlineData("localhost/app", "localhost")]
    public void RegistryHost_FirstComponentWhenAHost(string image, string host) =>
        Assert.Equal(host, ExecutionResources.RegistryHost(image));

    [Fact]
    public async Task Controller_SecretReadDenied_TaskStopsBeforeAnyContainerIsCreated()
    {
        await using var h = new TaskControllerHarness { Execution = Resources(new Refusing("ssm:GetParameters")), ExecutionRoleArn = Role };
        await h.StartAsync();
        var c = Defs.Container();
        c.Secrets = [S("TOKEN", "/app/token")];

        var arn = await h.RunAsync(c);
        var r = await h.WaitForStatusAsync(arn, "STOPPED");

        Assert.Equal(StopCodes.TaskFailedToStart, r.Task.StopCode);
        Assert.StartsWith($"{Prefix}unable to retrieve secrets from ssm: ", r.Task.StoppedReason, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Runtime.Journal, j => j.StartsWith("create ", StringComparison.Ordinal) || j.StartsWith("pull ", StringComparison.Ordinal));
    }
}
