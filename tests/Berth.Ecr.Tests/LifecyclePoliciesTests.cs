using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;
using Berth.Store;
using Berth.TestSupport;
using Microsoft.Extensions.Time.Testing;
using static Berth.Ecr.Tests.LifecyclePolicyTests;

namespace Berth.Ecr.Tests;

/// <summary>The lifecycle policies of repositories through a real SQLite state store.</summary>
public sealed class LifecyclePoliciesTests : IDisposable
{
    static readonly CancellationToken Ct = CancellationToken.None;
    static readonly string KeepTwo = Policy(Rule(1, """{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":2}"""));
    static readonly string KeepOneUntagged = Policy(Rule(1, """{"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":1}"""));

    readonly TempDatabase _temp = new();
    readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
    readonly SqliteStateStore _store;
    readonly InterferingStore _interfering;
    readonly RepositoryService _repos;
    readonly LifecyclePolicies _policies;

    /// <summary>A repository name of this test alone (when a policy last ran is kept process-wide).</summary>
    readonly string _name = $"app-{Guid.NewGuid():N}";

    public LifecyclePoliciesTests()
    {
        _store = new SqliteStateStore(_temp.Db);
        _interfering = new InterferingStore(_store);
        _repos = new RepositoryService(_interfering, new Arns("123456789012", "us-east-1"), new TagService(_interfering),
            new RegistrySettings("localhost:4566", "http://localhost:4566"), new NoRegistryContent(), _clock);
        _policies = new LifecyclePolicies(_interfering, _repos, _clock);
    }

    public void Dispose() => _temp.Dispose();

    async Task<ImageRecord> PushAsync(string digestHex, TimeSpan ago, params string[] tags)
    {
        var image = new ImageRecord
        {
            Repository = _name,
            Digest = $"sha256:{digestHex}",
            MediaType = "application/vnd.oci.image.manifest.v1+json",
            PushedAt = _clock.GetUtcNow() - ago,
            Tags = [.. tags],
        };
        await _store.CommitAsync(StoreWrite.Insert(EcrKinds.Images, image), Ct);
        return image;
    }

    async Task<List<string>> DigestsAsync() =>
        (await _store.ListAsync(EcrKinds.Images, new StoreQuery { Scope = _name }, Ct)).Select(i => i.Value.Digest).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task PutGetDelete_RoundTripsThePolicyText()
    {
        await _repos.CreateAsync(_name, null, null, new Repository(), Ct);

        var put = await _policies.PutAsync(_name, KeepTwo, Ct);
        var (text, lastEvaluatedAt) = await _policies.GetAsync(_name, Ct);

        Assert.Equal(KeepTwo, put.LifecyclePolicyText);
        Assert.Equal(KeepTwo, text);
        Assert.Null(lastEvaluatedAt);
        Assert.Equal(_clock.GetUtcNow(), (await _store.GetAsync(EcrKinds.Repositories, _name, Ct))!.Value.LifecyclePolicyUpdatedAt);

        var (deleted, _) = await _policies.DeleteAsync(_name, Ct);

        Assert.Equal(KeepTwo, deleted);
        Assert.Null((await _store.GetAsync(EcrKinds.Repositories, _name, Ct))!.Value.LifecyclePolicyText);
        var e = await Assert.ThrowsAsync<AwsException>(() => _policies.GetAsync(_name, Ct));
        Assert.Equal("LifecyclePolicyNotFoundException", e.Code);
        Assert.Equal($"Lifecycle policy does not exist for the repository with name '{_name}' in the registry with id '123456789012'", e.Message);
        Assert.Equal("LifecyclePolicyNotFoundException", (await Assert.ThrowsAsync<AwsException>(() => _policies.DeleteAsync(_name, Ct))).Code);
    }

    [Fact]
    public async Task Put_InvalidText_IsRefusedAndNothingStored()
    {
        await _repos.CreateAsync(_name, null, null, new Repository(), Ct);

        var e = await Assert.ThrowsAsync<AwsException>(() => _policies.PutAsync(_name, Policy(Rule(1, """{"tagStatus":"tagged","countType":"imageCountMoreThan","countNumber":2}""")), Ct));

        Assert.Equal("InvalidParameterException", e.Code);
        Assert.Null((await _store.GetAsync(EcrKinds.Repositories, _name, Ct))!.Value.LifecyclePolicyText);
    }

    [Fact]
    public async Task Operations_OnAMissingRepository_AreRepositoryNotFound()
    {
        Assert.Equal("RepositoryNotFoundException", (await Assert.ThrowsAsync<AwsException>(() => _policies.PutAsync(_name, KeepTwo, Ct))).Code);
        Assert.Equal("RepositoryNotFoundException", (await Assert.ThrowsAsync<AwsException>(() => _policies.GetAsync(_name, Ct))).Code);
        Assert.Equal("RepositoryNotFoundException", (await Assert.ThrowsAsync<AwsException>(() => _policies.StartPreviewAsync(_name, KeepTwo, Ct))).Code);
    }

    [Fact]
    public async Task Put_RetriesWhenAPushBumpedTheRepository()
    {
        await _repos.CreateAsync(_name, null, null, new Repository { ImageTagMutability = "MUTABLE" }, Ct);
        _interfering.BeforeNextCommit = async () =>
        {
            var current = (await _store.GetAsync(EcrKinds.Repositories, _name, Ct))!;
            await _store.CommitAsync(StoreWrite.Update(EcrKinds.Repositories, current.Value, current.Version), Ct);
        };

        await _policies.PutAsync(_name, KeepTwo, Ct);

        Assert.Null(_interfering.BeforeNextCommit);
        Assert.Equal(KeepTwo, (await _store.GetAsync(EcrKinds.Repositories, _name, Ct))!.Value.LifecyclePolicyText);
    }

    [Fact]
    public async Task Preview_EvaluatesTheGivenOrStoredPolicy_WithoutDeleting()
    {
        await _repos.CreateAsync(_name, null, null, new Repository(), Ct);
        await PushAsync("01", TimeSpan.FromDays(3), "v1");
        await PushAsync("02", TimeSpan.FromDays(2));
        await PushAsync("03", TimeSpan.FromDays(1));
        await PushAsync("04", TimeSpan.FromHours(1), "v2");

        Assert.Equal("LifecyclePolicyPreviewNotFoundException", (await Assert.ThrowsAsync<AwsException>(() => _policies.GetPreviewAsync(_name, Ct))).Code);
        Assert.Equal("LifecyclePolicyNotFoundException", (await Assert.ThrowsAsync<AwsException>(() => _policies.StartPreviewAsync(_name, null, Ct))).Code);

        var given = await _policies.StartPreviewAsync(_name, KeepOneUntagged, Ct);
        Assert.Equal("COMPLETE", given.Status);
        Assert.Equal(["sha256:02"], given.Results.Select(r => r.Image.Digest));

        await _policies.PutAsync(_name, KeepTwo, Ct);
        await _policies.StartPreviewAsync(_name, null, Ct);
        var stored = await _policies.GetPreviewAsync(_name, Ct);

        Assert.Equal(KeepTwo, stored.LifecyclePolicyText);
        Assert.Equal(["sha256:02", "sha256:01"], stored.Results.Select(r => r.Image.Digest));
        Assert.All(stored.Results, r => Assert.Equal(1, r.Rule.RulePriority));
        Assert.Equal(["sha256:01", "sha256:02", "sha256:03", "sha256:04"], await DigestsAsync());
    }

    [Fact]
    public async Task Run_DeletesTheExpiredImages_AndRecordsWhenItRan()
    {
        await _repos.CreateAsync(_name, null, null, new Repository(), Ct);
        await PushAsync("01", TimeSpan.FromDays(3), "v1");
        await PushAsync("02", TimeSpan.FromDays(2));
        await PushAsync("03", TimeSpan.FromDays(1));
        await PushAsync("04", TimeSpan.FromHours(1), "v2");
        await _policies.PutAsync(_name, KeepTwo, Ct);
        _clock.Advance(TimeSpan.FromMinutes(1));

        var result = Assert.Single(await _policies.RunAsync(Ct), r => r.RepositoryName == _name);

        Assert.Equal(new LifecycleRunResult(_name, 2, Conflicted: false), result);
        Assert.Equal(["sha256:03", "sha256:04"], await DigestsAsync());
        Assert.Equal(_clock.GetUtcNow(), (await _policies.GetAsync(_name, Ct)).LastEvaluatedAt);

        // Nothing more to expire on the next pass.
        Assert.Equal(0, Assert.Single(await _policies.RunAsync(Ct), r => r.RepositoryName == _name).Expired);
    }

    [Fact]
    public async Task Run_SkipsTheRepository_WhenAnImageChangedSinceTheRead()
    {
        await _repos.CreateAsync(_name, null, null, new Repository(), Ct);
        var old = await PushAsync("01", TimeSpan.FromDays(3));
        await PushAsync("02", TimeSpan.FromDays(2));
        await PushAsync("03", TimeSpan.FromDays(1));
        await _policies.PutAsync(_name, KeepTwo, Ct);
        _interfering.BeforeNextCommit = async () =>
        {
            // A push tags the oldest image between the pass's read and its delete.
            var current = (await _store.GetAsync(EcrKinds.Images, EcrKinds.Images.Id(old), Ct))!;
            await _store.CommitAsync(StoreWrite.Update(EcrKinds.Images, current.Value with { Tags = ["keep"] }, current.Version), Ct);
        };

        var result = Assert.Single(await _policies.RunAsync(Ct), r => r.RepositoryName == _name);

        Assert.True(result.Conflicted);
        Assert.Equal(["sha256:01", "sha256:02", "sha256:03"], await DigestsAsync());

        // The next pass sees the new state and applies the policy.
        Assert.Equal(1, Assert.Single(await _policies.RunAsync(Ct), r => r.RepositoryName == _name).Expired);
        Assert.Equal(["sha256:02", "sha256:03"], await DigestsAsync());
    }

    [Fact]
    public async Task Run_IgnoresRepositoriesWithoutAPolicy()
    {
        await _repos.CreateAsync(_name, null, null, new Repository(), Ct);
        await PushAsync("01", TimeSpan.FromDays(300));

        Assert.DoesNotContain(await _policies.RunAsync(Ct), r => r.RepositoryName == _name);
        Assert.Equal(["sha256:01"], await DigestsAsync());
    }

    /// <summary>A state store that runs a test's interference once, just before the next commit goes through.</summary>
    sealed class InterferingStore(IStateStore inner) : IStateStore
    {
        public Func<Task>? BeforeNextCommit { get; set; }

        public Task<Stored<T>?> GetAsync<T>(ResourceKind<T> kind, string id, CancellationToken ct) => inner.GetAsync(kind, id, ct);

        public Task<IReadOnlyList<Stored<T>>> ListAsync<T>(ResourceKind<T> kind, StoreQuery query, CancellationToken ct) => inner.ListAsync(kind, query, ct);

        public Task<int> CountAsync<T>(ResourceKind<T> kind, StoreQuery query, CancellationToken ct) => inner.CountAsync(kind, query, ct);

        public async Task CommitAsync(IReadOnlyList<StoreWrite> writes, CancellationToken ct)
        {
            if (BeforeNextCommit is { } interfere)
            {
                BeforeNextCommit = null;
                await interfere();
            }
            await inner.CommitAsync(writes, ct);
        }
    }
}
