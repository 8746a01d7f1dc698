using Berth.Iam.Credentials;
using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.Store;
using Berth.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Iam.Tests;

/// <summary>The IAM services over a real SQLite file, with the credential index they keep up to date.</summary>
public sealed class IamHarness : IDisposable
{
    public const string Account = "123456789012";
    public static readonly CancellationToken Ct = CancellationToken.None;
    public static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    public const string Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    public const string Allow = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecs:List*","Resource":"*"}]}""";

    readonly TempDatabase _temp = new();

    public IamHarness()
    {
        Store = new SqliteStateStore(_temp.Db);
        Credentials = NewCredentials();
        Users = new UserService(Store, Arns, Credentials, Clock);
        AccessKeys = new AccessKeyService(Store, Cipher, Credentials, Clock);
        Roles = new RoleService(Store, Arns, Clock);
        LinkedRoles = new ServiceLinkedRoles(Store, Arns, Clock);
        Inline = new InlinePolicyService(Store);
        Policies = new ManagedPolicyService(Store, Arns, Clock);
        Attachments = new AttachmentService(Store, Arns, Clock);
        Details = new AccountDetails(Store, Policies);
    }

    public SqliteStateStore Store { get; }
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
    public IamArns Arns { get; } = new(Account);
    public AccessKeyCipher Cipher { get; } = new(Key);
    public IamCredentials Credentials { get; }
    public UserService Users { get; }
    public AccessKeyService AccessKeys { get; }
    public RoleService Roles { get; }
    public ServiceLinkedRoles LinkedRoles { get; }
    public InlinePolicyService Inline { get; }
    public ManagedPolicyService Policies { get; }
    public AttachmentService Attachments { get; }
    public AccountDetails Details { get; }

    /// <summary>Another server's view of the same store: its own index, filled only when it refreshes.</summary>
    public IamCredentials NewCredentials(byte[]? key = null) =>
        new(Store, key is null ? Cipher : new AccessKeyCipher(key), Arns, NullLogger<IamCredentials>.Instance);

    public void Dispose() => _temp.Dispose();

    public Task<IamUser> UserAsync(string name = "alice", string? path = null) => Users.CreateAsync(name, path, null, null, Ct);

    public Task<IamRole> RoleAsync(string name = "app", string? path = null) =>
        Roles.CreateAsync(new CreateRoleRequest { RoleName = name, Path = path, AssumeRolePolicyDocument = Trust }, Ct);

    public Task<PolicyInfo> PolicyAsync(string name = "ecs-read", string? path = null, string document = Allow) =>
        Policies.CreateAsync(name, path, document, null, null, Ct);

    /// <summary>Asserts the call is refused with the code, HTTP status and (when given) a fragment of the message.</summary>
    public static Task<AwsException> Refused(Func<Task> act, string code, int status = 400, string? fragment = null) =>
        AwsAssert.RefusedAsync(act, code, fragment, status);

    public static List<TagInput> Tags(params (string Key, string Value)[] tags) => [.. tags.Select(t => new TagInput { Key = t.Key, Value = t.Value })];

    public async Task<int> CountAsync<T>(ResourceKind<T> kind) => await Store.CountAsync(kind, new StoreQuery(), Ct);
}
