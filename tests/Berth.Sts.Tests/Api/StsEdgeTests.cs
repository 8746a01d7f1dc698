using System.Text;
using System.Xml.Linq;
using Berth.Iam;
using Berth.Iam.Api;
using Berth.Kernel.Auth;
using Berth.Kernel.Protocol;
using Berth.Server.Edge;
using Berth.Sts.Api;
using Berth.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Sts.Tests.Api;

/// <summary>STS through the edge's Query endpoint, signed with SigV4: by root, by an IAM user's keys, and by the sessions STS hands out.</summary>
public sealed class StsEdgeTests : IDisposable
{
    const string RootKey = "AKIDROOTSTSTEST";
    const string RootSecret = "root-secret";
    static readonly XNamespace X = "https://sts.amazonaws.com/doc/2011-06-15/";
    static readonly XNamespace I = "https://iam.amazonaws.com/doc/2010-05-08/";

    readonly StsHarness _h = new();
    readonly QueryEndpoint _endpoint;

    public StsEdgeTests()
    {
        var catalog = new OperationCatalog();
        var accessKeys = new AccessKeyService(_h.Store, new Iam.Credentials.AccessKeyCipher(StsHarness.Key), _h.IamCredentials, _h.Clock);
        var policies = new ManagedPolicyService(_h.Store, _h.Arns, _h.Clock);
        IamOperations.Register(catalog.For(IamOperations.Service), new IamServices(_h.Users, accessKeys, _h.Roles, new ServiceLinkedRoles(_h.Store, _h.Arns, _h.Clock),
            new InlinePolicyService(_h.Store), policies, new AttachmentService(_h.Store, _h.Arns, _h.Clock), new AccountDetails(_h.Store, policies)));
        StsOperations.Register(catalog.For(StsOperations.Service), _h.Sts);
        var credentials = new CredentialLookup([new Root(), _h.IamCredentials, _h.Sessions]);
        _endpoint = new QueryEndpoint(ProtocolTables.Build(catalog, new AllowAll()).Query, new SigV4Verifier(credentials, _h.Clock), NullLogger<QueryEndpoint>.Instance);
    }

    public void Dispose() => _h.Dispose();

    sealed class Root : ICredentialSource
    {
        public Credential? Find(string accessKeyId) =>
            accessKeyId == RootKey ? new Credential(RootKey, RootSecret, Principal.Root(StsHarness.Account)) : null;
    }

    sealed record Keys(string Id, string Secret, string? Token = null);

    static readonly Keys RootKeys = new(RootKey, RootSecret);

    async Task<(int Status, XElement Root)> Send(string form, Keys keys, string service = "sts", string version = "2011-06-15")
    {
        var body = Encoding.UTF8.GetBytes($"{form}&Version={version}");
        List<KeyValuePair<string, string>> headers = [new("Host", "localhost:4566"), new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")];
        if (keys.Token is not null)
            headers.Add(new("X-Amz-Security-Token", keys.Token));
        var http = EdgeRequests.Post(EdgeRequests.Signed(new SigV4Request("POST", "/", "", headers, body), keys.Id, keys.Secret, service, _h.Clock));
        await _endpoint.HandleAsync(http);
        return (http.Response.StatusCode, XDocument.Parse(EdgeRequests.ResponseText(http)).Root!);
    }

    Task<(int Status, XElement Root)> Iam(string form) => Send(form, RootKeys, "iam", "2010-05-08");

    static string Code(XElement root) => root.Element(X + "Error")!.Element(X + "Code")!.Value;

    /// <summary>A signature refusal comes before the request names its service, so its namespace is the edge's default.</summary>
    static string AnyCode(XElement root) => root.Elements().First(e => e.Name.LocalName == "Error").Elements().First(e => e.Name.LocalName == "Code").Value;

    static string Message(XElement root) => root.Element(X + "Error")!.Element(X + "Message")!.Value;

    async Task<Keys> UserKeysAsync(string name = "alice")
    {
        await Iam($"Action=CreateUser&UserName={name}");
        var (_, created) = await Iam($"Action=CreateAccessKey&UserName={name}");
        var key = created.Element(I + "CreateAccessKeyResult")!.Element(I + "AccessKey")!;
        return new Keys(key.Element(I + "AccessKeyId")!.Value, key.Element(I + "SecretAccessKey")!.Value);
    }

    async Task<string> RoleAsync(string name, string trust)
    {
        var (status, created) = await Iam($"Action=CreateRole&RoleName={name}&AssumeRolePolicyDocument={Uri.EscapeDataString(trust)}");
        Assert.Equal(200, status);
        return created.Element(I + "CreateRoleResult")!.Element(I + "Role")!.Element(I + "Arn")!.Value;
    }

    static XElement Result(XElement root, string action) => root.Element(X + action + "Result")!;

    [Fact]
    public async Task GetCallerIdentity_Root_AccountArnAndUserId()
    {
        var (status, root) = await Send("Action=GetCallerIdentity", RootKeys);

        Assert.Equal(200, status);
        var r = Result(root, "GetCallerIdentity");
        Assert.Equal(StsHarness.Account, r.Element(X + "Account")!.Value);
        Assert.Equal(StsHarness.Account, r.Element(X + "UserId")!.Value);
        Assert.Equal($"arn:aws:iam::{StsHarness.Account}:root", r.Element(X + "Arn")!.Value);
        Assert.NotNull(root.Element(X + "ResponseMetadata")!.Element(X + "RequestId"));
    }

    [Fact]
    public async Task AssumeRole_UsersKeys_SessionSignsAsAssumedRoleUntilItExpires()
    {
        var alice = await UserKeysAsync();
        var roleArn = await RoleAsync("deploy", StsHarness.TrustUser($"arn:aws:iam::{StsHarness.Account}:user/alice"));

        var (status, assumed) = await Send($"Action=AssumeRole&RoleArn={Uri.EscapeDataString(roleArn)}&RoleSessionName=ci&DurationSeconds=900", alice);

        Assert.Equal(200, status);
        var r = Result(assumed, "AssumeRole");
        var credentials = r.Element(X + "Credentials")!;
        var session = new Keys(credentials.Element(X + "AccessKeyId")!.Value, credentials.Element(X + "SecretAccessKey")!.Value, credentials.Element(X + "SessionToken")!.Value);
        Assert.StartsWith("ASIA", session.Id, StringComparison.Ordinal);
        Assert.Equal(_h.Clock.GetUtcNow().AddSeconds(900), DateTimeOffset.Parse(credentials.Element(X + "Expiration")!.Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal($"arn:aws:sts::{StsHarness.Account}:assumed-role/deploy/ci", r.Element(X + "AssumedRoleUser")!.Element(X + "Arn")!.Value);
        Assert.EndsWith(":ci", r.Element(X + "AssumedRoleUser")!.Element(X + "AssumedRoleId")!.Value, StringComparison.Ordinal);
        Assert.Null(r.Element(X + "PackedPolicySize"));

        var (okStatus, identity) = await Send("Action=GetCallerIdentity", session);
        Assert.Equal(200, okStatus);
        Assert.Equal($"arn:aws:sts::{StsHarness.Account}:assumed-role/deploy/ci", Result(identity, "GetCallerIdentity").Element(X + "Arn")!.Value);

        var (noToken, unrecognized) = await Send("Action=GetCallerIdentity", session with { Token = null });
        Assert.Equal((403, "InvalidClientTokenId"), (noToken, AnyCode(unrecognized)));

        _h.Clock.Advance(TimeSpan.FromSeconds(900));
        var (expiredStatus, expired) = await Send("Action=GetCallerIdentity", session);
        Assert.Equal((403, "ExpiredToken"), (expiredStatus, AnyCode(expired)));
        Assert.Contains("The security token included in the request is expired", expired.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssumeRole_TrustDoesNotNameCaller_AccessDeniedAsStsWritesIt()
    {
        var bob = await UserKeysAsync("bob");
        var roleArn = await RoleAsync("y", StsHarness.TrustUser($"arn:aws:iam::{StsHarness.Account}:user/alice"));

        var (status, denied) = await Send($"Action=AssumeRole&RoleArn={Uri.EscapeDataString(roleArn)}&RoleSessionName=s1", bob);

        Assert.Equal((403, "AccessDenied"), (status, Code(denied)));
        Assert.Equal($"User: arn:aws:iam::{StsHarness.Account}:user/bob is not authorized to perform: sts:AssumeRole on resource: {roleArn}", Message(denied));
        Assert.Equal("Sender", denied.Element(X + "Error")!.Element(X + "Type")!.Value);
    }

    [Fact]
    public async Task GetSessionToken_UsersKeys_SessionSignsAsTheUserButCannotGetAnother()
    {
        var alice = await UserKeysAsync();

        var (status, got) = await Send("Action=GetSessionToken&DurationSeconds=3600", alice);

        Assert.Equal(200, status);
        var c = Result(got, "GetSessionToken").Element(X + "Credentials")!;
        var session = new Keys(c.Element(X + "AccessKeyId")!.Value, c.Element(X + "SecretAccessKey")!.Value, c.Element(X + "SessionToken")!.Value);
        var (_, identity) = await Send("Action=GetCallerIdentity", session);
        Assert.Equal($"arn:aws:iam::{StsHarness.Account}:user/alice", Result(identity, "GetCallerIdentity").Element(X + "Arn")!.Value);
        var (again, refused) = await Send("Action=GetSessionToken", session);
        Assert.Equal((403, "AccessDenied"), (again, Code(refused)));
    }

    [Fact]
    public async Task BadInput_ValidationErrorsInStsNamespace_NothingStored()
    {
        var alice = await UserKeysAsync();

        var (missing, m) = await Send("Action=AssumeRole", alice);
        var (badType, t) = await Send("Action=AssumeRole&RoleArn=arn:aws:iam::123456789012:role/x&RoleSessionName=s1&DurationSeconds=long", alice);
        var (tooShort, d) = await Send("Action=GetSessionToken&DurationSeconds=60", alice);
        var (policy, p) = await Send("Action=AssumeRole&RoleArn=arn:aws:iam::123456789012:role/x&RoleSessionName=s1&Policy=%7B%7D", alice);
        var (tags, g) = await Send("Action=AssumeRole&RoleArn=arn:aws:iam::123456789012:role/x&RoleSessionName=s1&Tags.member.1.Key=a&Tags.member.1.Value=b", alice);
        var (unknown, u) = await Send("Action=AssumeRoleWithSAML", alice);

        Assert.Equal((400, "ValidationError"), (missing, Code(m)));
        Assert.StartsWith("2 validation errors detected", Message(m), StringComparison.Ordinal);
        Assert.Equal((400, "ValidationError"), (badType, Code(t)));
        Assert.Equal((400, "ValidationError"), (tooShort, Code(d)));
        Assert.Equal((400, "ValidationError"), (policy, Code(p)));
        Assert.Contains("The Policy parameter is not supported by Berth", Message(p), StringComparison.Ordinal);
        Assert.Equal((400, "ValidationError"), (tags, Code(g)));
        Assert.Contains("The Tags parameter", Message(g), StringComparison.Ordinal);
        Assert.Equal((400, "InvalidAction"), (unknown, Code(u)));
        Assert.Equal(0, await _h.SessionCountAsync());
    }

    [Fact]
    public async Task AssumeRole_Root_AccessDenied()
    {
        var roleArn = await RoleAsync("deploy", StsHarness.Trust($$"""{"AWS":"arn:aws:iam::{{StsHarness.Account}}:root"}"""));

        var (status, denied) = await Send($"Action=AssumeRole&RoleArn={Uri.EscapeDataString(roleArn)}&RoleSessionName=s1", RootKeys);

        Assert.Equal((403, "AccessDenied"), (status, Code(denied)));
        Assert.Equal("Roles may not be assumed by root accounts.", Message(denied));
    }
}
