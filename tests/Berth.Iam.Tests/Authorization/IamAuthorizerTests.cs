using Berth.Iam.Authorization;
using Berth.Kernel.Auth;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;

namespace Berth.Iam.Tests.Authorization;

public sealed class IamAuthorizerTests : IDisposable
{
    const string Ecs = "arn:aws:ecs:us-east-1:123456789012:";
    static readonly CancellationToken Ct = IamHarness.Ct;

    readonly IamHarness _h = new();
    readonly IdentityPolicyIndex _index;
    readonly IamAuthorizer _authorizer;

    public IamAuthorizerTests()
    {
        _index = new IdentityPolicyIndex(_h.Store);
        _authorizer = new IamAuthorizer(_index, new TagService(_h.Store), _h.Clock);
    }

    public void Dispose() => _h.Dispose();

    static string Doc(string statement) => $$"""{"Version":"2012-10-17","Statement":[{{statement}}]}""";

    async Task<Principal> UserWith(string policy, string name = "alice", List<TagInput>? tags = null)
    {
        var user = await _h.Users.CreateAsync(name, null, null, tags, Ct);
        await _h.Inline.PutUserPolicyAsync(name, "p", policy, Ct);
        return new Principal { Arn = user.Arn, Kind = PrincipalKind.User, AccountId = IamHarness.Account, UserId = user.UserId, Name = name };
    }

    static Principal SessionOf(IamRole role) => new()
    {
        Arn = $"arn:aws:sts::{IamHarness.Account}:assumed-role/{role.RoleName}/task-1",
        Kind = PrincipalKind.AssumedRole,
        AccountId = IamHarness.Account,
        UserId = $"{role.RoleId}:task-1",
        Name = role.RoleName,
        RoleArn = role.Arn,
    };

    ValueTask<AccessDecision> Ask(Principal p, string action, params string[] resources) =>
        _authorizer.AuthorizeAsync(p, new AccessRequest(action, resources), Ct);

    [Fact]
    public async Task Root_AllowedEverything_WithoutPolicies()
    {
        var decision = await Ask(Principal.Root(IamHarness.Account), "iam:DeleteRole", "arn:aws:iam::123456789012:role/x");

        Assert.True(decision.Allowed);
    }

    [Fact]
    public async Task UserLimitedToClusterA_CannotTouchClusterB_WithAwsMessage()
    {
        var alice = await UserWith(Doc($$"""{"Effect":"Allow","Action":"ecs:*","Resource":"{{Ecs}}cluster/a"}"""));

        Assert.True((await Ask(alice, "ecs:DescribeClusters", Ecs + "cluster/a")).Allowed);
        var refused = await Ask(alice, "ecs:DescribeClusters", Ecs + "cluster/a", Ecs + "cluster/b");

        Assert.False(refused.Allowed);
        Assert.Equal($"User: arn:aws:iam::123456789012:user/alice is not authorized to perform: ecs:DescribeClusters on resource: {Ecs}cluster/b "
            + "because no identity-based policy allows the ecs:DescribeClusters action", refused.Message);
    }

    [Fact]
    public async Task ExplicitDeny_WinsOverAdministratorAccess()
    {
        var alice = await UserWith(Doc("""{"Effect":"Deny","Action":"ecs:DeleteCluster","Resource":"*"}"""));
        await _h.Attachments.AttachUserPolicyAsync("alice", "arn:aws:iam::aws:policy/AdministratorAccess", Ct);

        Assert.True((await Ask(alice, "ecs:CreateCluster", "*")).Allowed);
        var refused = await Ask(alice, "ecs:DeleteCluster", Ecs + "cluster/a");

        Assert.False(refused.Allowed);
        Assert.EndsWith("with an explicit deny in an identity-based policy", refused.Message);
    }

    [Fact]
    public async Task RoleSession_HasTheRolesAttachedManagedPolicy()
    {
        var role = await _h.RoleAsync("exec");
        await _h.Attachments.AttachRolePolicyAsync("exec", "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy", Ct);
        var session = SessionOf(role);

        Assert.True((await Ask(session, "ecr:BatchGetImage", "arn:aws:ecr:us-east-1:123456789012:repository/web")).Allowed);
        Assert.True((await Ask(session, "logs:PutLogEvents", "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web:log-stream:x")).Allowed);
        var refused = await Ask(session, "ecs:RunTask", Ecs + "task-definition/web:1");
        Assert.False(refused.Allowed);
        Assert.StartsWith($"User: {session.Arn} is not authorized to perform: ecs:RunTask", refused.Message);
    }

    [Fact]
    public async Task UserWithoutPolicies_ImplicitlyDenied()
    {
        var user = await _h.UserAsync("bob");
        var bob = new Principal { Arn = user.Arn, Kind = PrincipalKind.User, AccountId = IamHarness.Account, UserId = user.UserId, Name = "bob" };

        Assert.False((await Ask(bob, "ecs:ListClusters", "*")).Allowed);
    }

    [Fact]
    public async Task ResourceTagCondition_ReadsTheResourcesTags()
    {
        var alice = await UserWith(Doc("""{"Effect":"Allow","Action":"ecs:StopTask","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/team":"a"}}}"""));
        await new TagService(_h.Store).TagAsync(Ecs + "task/c/1", [new Tag { Key = "team", Value = "a" }], Ct);
        await new TagService(_h.Store).TagAsync(Ecs + "task/c/2", [new Tag { Key = "team", Value = "b" }], Ct);

        Assert.True((await Ask(alice, "ecs:StopTask", Ecs + "task/c/1")).Allowed);
        Assert.False((await Ask(alice, "ecs:StopTask", Ecs + "task/c/2")).Allowed);
    }

    [Fact]
    public async Task ResourceTagGuardOnAnotherAction_ReadsNoTags()
    {
        var alice = await UserWith(Doc("""{"Effect":"Deny","Action":"ecs:StopTask","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"prod"}}},"""
            + """{"Effect":"Allow","Action":["ecs:DescribeTasks","ecs:StopTask"],"Resource":"*"}"""));
        var reads = new TagReadCounter(_h.Store);
        var authorizer = new IamAuthorizer(_index, new TagService(reads), _h.Clock);
        await new TagService(_h.Store).TagAsync(Ecs + "task/c/1", [new Tag { Key = "env", Value = "prod" }], Ct);

        Assert.True((await authorizer.AuthorizeAsync(alice, new AccessRequest("ecs:DescribeTasks", [Ecs + "task/c/1", Ecs + "task/c/2"]), Ct)).Allowed);
        Assert.Equal(0, reads.Count);
        Assert.False((await authorizer.AuthorizeAsync(alice, new AccessRequest("ecs:StopTask", [Ecs + "task/c/1"]), Ct)).Allowed);
        Assert.Equal(1, reads.Count);
    }

    [Fact]
    public async Task PeriodicRefresh_RequestsGoOnWithTheSnapshot_ALocalWriteMeanwhileStillApplies()
    {
        var alice = await UserWith(Doc("""{"Effect":"Allow","Action":"ecs:ListClusters","Resource":"*"}"""));
        var gate = new GatedStore(_h.Store);
        var index = new IdentityPolicyIndex(gate);
        await index.GetAsync(Ct);

        gate.Close();
        var refresh = index.RefreshFromStoreAsync(Ct); // held in the store
        Assert.False(refresh.IsCompleted);
        Assert.True(index.GetAsync(Ct).IsCompleted);

        await _h.Inline.DeleteUserPolicyAsync("alice", "p", Ct);
        index.Invalidate(); // a write of this server's while the rebuild reads
        var next = index.GetAsync(Ct);
        Assert.False(next.IsCompleted);
        gate.Open();
        await refresh;

        Assert.Empty((await next).ForUser(alice.UserId).Policies);
    }

    /// <summary>The store with its list reads held until <see cref="Open"/>.</summary>
    sealed class GatedStore(IStateStore inner) : IStateStore
    {
        TaskCompletionSource _open = OpenGate();

        static TaskCompletionSource OpenGate()
        {
            var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            open.SetResult();
            return open;
        }

        public void Close() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Open() => _open.TrySetResult();

        public Task<Stored<T>?> GetAsync<T>(ResourceKind<T> kind, string id, CancellationToken ct) => inner.GetAsync(kind, id, ct);

        public async Task<IReadOnlyList<Stored<T>>> ListAsync<T>(ResourceKind<T> kind, StoreQuery query, CancellationToken ct)
        {
            await _open.Task.WaitAsync(ct);
            return await inner.ListAsync(kind, query, ct);
        }

        public Task<int> CountAsync<T>(ResourceKind<T> kind, StoreQuery query, CancellationToken ct) => inner.CountAsync(kind, query, ct);

        public Task CommitAsync(IReadOnlyList<StoreWrite> writes, CancellationToken ct) => inner.CommitAsync(writes, ct);
    }

    /// <summary>The store as the authorizer's tag reads see it, counting them.</summary>
    sealed class TagReadCounter(IStateStore inner) : IStateStore
    {
        int _count;

        public int Count => _count;

        public Task<Stored<T>?> GetAsync<T>(ResourceKind<T> kind, string id, CancellationToken ct)
        {
            if (kind.Table == TagKinds.Tags.Table)
                Interlocked.Increment(ref _count);
            return inner.GetAsync(kind, id, ct);
        }

        public Task<IReadOnlyList<Stored<T>>> ListAsync<T>(ResourceKind<T> kind, StoreQuery query, CancellationToken ct) => inner.ListAsync(kind, query, ct);

        public Task<int> CountAsync<T>(ResourceKind<T> kind, StoreQuery query, CancellationToken ct) => inner.CountAsync(kind, query, ct);

        public Task CommitAsync(IReadOnlyList<StoreWrite> writes, CancellationToken ct) => inner.CommitAsync(writes, ct);
    }

    [Fact]
    public async Task RequestTagAndPrincipalTag_FromTheRequestAndTheUser()
    {
        var alice = await UserWith(Doc("""{"Effect":"Allow","Action":"ecs:CreateCluster","Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/team":"${aws:PrincipalTag/team}"}}}"""),
            tags: IamHarness.Tags(("team", "a")));
        AccessRequest Create(string team) => new("ecs:CreateCluster", AccessRequest.AllResources)
        {
            Context = new Dictionary<string, IReadOnlyList<string>> { ["aws:RequestTag/team"] = [team], ["aws:TagKeys"] = ["team"] },
        };

        Assert.True((await _authorizer.AuthorizeAsync(alice, Create("a"), Ct)).Allowed);
        Assert.False((await _authorizer.AuthorizeAsync(alice, Create("b"), Ct)).Allowed);
    }

    [Fact]
    public async Task ServiceConditionKey_EcsCluster()
    {
        var alice = await UserWith(Doc("""{"Effect":"Allow","Action":"ecs:RunTask","Resource":"*","Condition":{"ArnEquals":{"ecs:cluster":"arn:aws:ecs:us-east-1:123456789012:cluster/a"}}}"""));
        AccessRequest Run(string cluster) => new("ecs:RunTask", [Ecs + "task-definition/web:1"])
        {
            Context = new Dictionary<string, IReadOnlyList<string>> { ["ecs:cluster"] = [Ecs + "cluster/" + cluster] },
        };

        Assert.True((await _authorizer.AuthorizeAsync(alice, Run("a"), Ct)).Allowed);
        Assert.False((await _authorizer.AuthorizeAsync(alice, Run("b"), Ct)).Allowed);
    }

    [Fact]
    public async Task SourceIpCondition_ReadsTheCallersAddress()
    {
        var alice = await UserWith(Doc("""{"Effect":"Allow","Action":"ecs:ListClusters","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}"""));

        using (Caller.Use(alice, "10.1.2.3"))
            Assert.True((await Ask(alice, "ecs:ListClusters", "*")).Allowed);
        using (Caller.Use(alice, "192.168.1.1"))
            Assert.False((await Ask(alice, "ecs:ListClusters", "*")).Allowed);
    }

    [Fact]
    public async Task WriteThroughIamStore_AppliesFromTheNextCall()
    {
        var alice = await UserWith(Doc("""{"Effect":"Allow","Action":"ecs:ListClusters","Resource":"*"}"""));
        Assert.True((await Ask(alice, "ecs:ListClusters", "*")).Allowed);

        var inline = new InlinePolicyService(new IamWritesStore(_h.Store, _index));
        await inline.DeleteUserPolicyAsync("alice", "p", Ct);

        Assert.False((await Ask(alice, "ecs:ListClusters", "*")).Allowed);
    }

    [Fact]
    public async Task WriteBehindTheIndex_SeenAfterARefresh()
    {
        var alice = await UserWith(Doc("""{"Effect":"Allow","Action":"ecs:ListClusters","Resource":"*"}"""));
        Assert.True((await Ask(alice, "ecs:ListClusters", "*")).Allowed);

        await _h.Inline.DeleteUserPolicyAsync("alice", "p", Ct); // as another server would: this index is not told
        Assert.True((await Ask(alice, "ecs:ListClusters", "*")).Allowed);
        await _index.RefreshFromStoreAsync(Ct);

        Assert.False((await Ask(alice, "ecs:ListClusters", "*")).Allowed);
    }
}
