using Berth.Iam;
using Berth.Iam.Credentials;
using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Crypto;
using Berth.Kernel.Storage;
using Berth.Store;
using Berth.Sts.Api;
using Berth.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Sts.Tests;

/// <summary>STS over a real SQLite file, with IAM's users and roles beside it and a fake clock.</summary>
public sealed class StsHarness : IDisposable
{
    public const string Account = "123456789012";
    public static readonly CancellationToken Ct = CancellationToken.None;
    public static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    readonly TempDatabase _temp = new();

    public StsHarness()
    {
        Store = new SqliteStateStore(_temp.Db);
        IamCredentials = new IamCredentials(Store, new AccessKeyCipher(Key), Arns, NullLogger<IamCredentials>.Instance);
        Users = new UserService(Store, Arns, IamCredentials, Clock);
        Roles = new RoleService(Store, Arns, Clock);
        Sessions = NewSessions();
        Sts = new StsService(Store, Sessions, Cipher, Arns, Clock);
    }

    public SqliteStateStore Store { get; }
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
    public IamArns Arns { get; } = new(Account);
    public SessionCipher Cipher { get; } = new(new ValueCipher(Key));
    public IamCredentials IamCredentials { get; }
    public UserService Users { get; }
    public RoleService Roles { get; }
    public SessionCredentials Sessions { get; }
    public StsService Sts { get; }

    public static Principal Root => Principal.Root(Account);

    /// <summary>Another server's view of the same store (or this one after a restart): an index filled only when it sweeps.</summary>
    public SessionCredentials NewSessions(byte[]? key = null) =>
        new(Store, key is null ? Cipher : new SessionCipher(new ValueCipher(key)), Clock, NullLogger<SessionCredentials>.Instance);

    public void Dispose() => _temp.Dispose();

    public static string Trust(string principal, string? condition = null) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{{principal}},"Action":"sts:AssumeRole"{{(condition is null ? "" : "," + condition)}}}]}""";

    public static string TrustUser(string userArn) => Trust($$"""{"AWS":"{{userArn}}"}""");

    public Task<IamRole> RoleAsync(string name, string trust, string? path = null, int? maxSessionDuration = null) =>
        Roles.CreateAsync(new CreateRoleRequest { RoleName = name, Path = path, AssumeRolePolicyDocument = trust, MaxSessionDuration = maxSessionDuration }, Ct);

    public async Task<Principal> UserAsync(string name = "alice", params (string Key, string Value)[] tags)
    {
        var user = await Users.CreateAsync(name, null, null, tags.Length == 0 ? null : [.. tags.Select(t => new TagInput { Key = t.Key, Value = t.Value })], Ct);
        return new Principal { Arn = user.Arn, Kind = PrincipalKind.User, AccountId = Account, UserId = user.UserId, Name = user.UserName };
    }

    public Task<AssumedRole> AssumeAsync(Principal caller, string roleArn, string session = "s1", int? duration = null, string? externalId = null) =>
        Sts.AssumeRoleAsync(caller, new AssumeRoleInput { RoleArn = roleArn, RoleSessionName = session, DurationSeconds = duration, ExternalId = externalId }, Ct);

    public static Task<AwsException> Refused(Func<Task> act, string code, int status = 400, string? fragment = null) =>
        AwsAssert.RefusedAsync(act, code, fragment, status);

    public async Task<int> SessionCountAsync() => await Store.CountAsync(StsKinds.Sessions, new StoreQuery(), Ct);
}
